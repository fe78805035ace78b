package io.jrun.seccomp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime-spec "container process state" a seccomp agent receives with the listener: which
 * descriptor is which, the process, the profile's listenerMetadata and the container's state.
 */
public final class ListenerState {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ListenerState() {}

    /** containerState is the state document (as hooks get it) of the container. */
    public static byte[] json(String ociVersion, int pid, String metadata, byte[] containerState) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ociVersion", ociVersion);
        m.put("fds", java.util.List.of("seccompFd"));
        m.put("pid", pid);
        if (metadata != null && !metadata.isEmpty()) {
            m.put("metadata", metadata);
        }
        try {
            m.put("state", JSON.readTree(containerState));
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
