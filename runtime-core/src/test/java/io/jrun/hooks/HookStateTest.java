package io.jrun.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrun.seccomp.ListenerState;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HookStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theRuntimeSpecStateWithAnnotations() throws IOException {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("org.example/\"quoted\"", "a\nb");
        JsonNode s = JSON.readTree(HookState.json("1.3.0", "c1", "created", 42, "/b \u00e9", annotations));
        assertEquals("1.3.0", s.get("ociVersion").asText());
        assertEquals("c1", s.get("id").asText());
        assertEquals("created", s.get("status").asText());
        assertEquals(42, s.get("pid").asInt());
        assertEquals("/b \u00e9", s.get("bundle").asText());
        assertEquals("a\nb", s.get("annotations").get("org.example/\"quoted\"").asText());
    }

    @Test
    void noPidOnceStoppedAndNoEmptyAnnotations() throws IOException {
        JsonNode s = JSON.readTree(HookState.json("1.3.0", "c1", "stopped", 0, "/b", Map.of()));
        assertFalse(s.has("pid"));
        assertFalse(s.has("annotations"));
    }

    @Test
    void theListenerStateEmbedsTheContainerState() throws IOException {
        byte[] state = HookState.json("1.3.0", "c1", "creating", 7, "/b", Map.of());
        JsonNode l = JSON.readTree(ListenerState.json("1.3.0", 7, "meta", state));
        assertEquals("seccompFd", l.get("fds").get(0).asText());
        assertEquals(7, l.get("pid").asInt());
        assertEquals("meta", l.get("metadata").asText());
        assertEquals(JSON.readTree(state), l.get("state"));
        assertFalse(JSON.readTree(ListenerState.json("1.3.0", 7, "", state)).has("metadata"));
    }
}
