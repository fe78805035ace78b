package io.jrun.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The container state a hook reads on its stdin (runtime-spec "State"). */
public final class HookState {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HookState() {}

    public static byte[] json(String ociVersion, String id, String status, int pid, String bundle,
            Map<String, String> annotations) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ociVersion", ociVersion);
        m.put("id", id);
        m.put("status", status);
        if (pid > 0) {
            m.put("pid", pid);
        }
        m.put("bundle", bundle);
        if (!annotations.isEmpty()) {
            m.put("annotations", annotations);
        }
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
