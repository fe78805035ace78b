package io.jrun.hooks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The container state a hook reads on its stdin (runtime-spec "State"). */
public final class HookState {
    private static final JsonFactory FACTORY = new JsonFactory();

    private HookState() {}

    public static byte[] json(String ociVersion, String id, String status, int pid, String bundle,
            Map<String, String> annotations) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ociVersion", ociVersion);
            g.writeStringField("id", id);
            g.writeStringField("status", status);
            if (pid > 0) {
                g.writeNumberField("pid", pid);
            }
            g.writeStringField("bundle", bundle);
            if (!annotations.isEmpty()) {
                g.writeObjectFieldStart("annotations");
                for (Map.Entry<String, String> a : annotations.entrySet()) {
                    g.writeStringField(a.getKey(), a.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        }
        return out.toByteArray();
    }
}
