package io.jrun.seccomp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The runtime-spec "container process state" a seccomp agent receives with the listener: which
 * descriptor is which, the process, the profile's listenerMetadata and the container's state.
 */
public final class ListenerState {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ListenerState() {}

    /** containerState is the state document (as hooks get it: HookState) of the container. */
    public static byte[] json(String ociVersion, int pid, String metadata, byte[] containerState) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ociVersion", ociVersion);
            g.writeArrayFieldStart("fds");
            g.writeString("seccompFd");
            g.writeEndArray();
            g.writeNumberField("pid", pid);
            if (metadata != null && !metadata.isEmpty()) {
                g.writeStringField("metadata", metadata);
            }
            g.writeFieldName("state");
            g.writeRawValue(new String(containerState, StandardCharsets.UTF_8)); // ours, already JSON
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        }
        return out.toByteArray();
    }
}
