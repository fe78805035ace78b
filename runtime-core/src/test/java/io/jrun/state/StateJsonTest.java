package io.jrun.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrun.cgroup.CgroupMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateJsonTest {
    private static ContainerState sample() {
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("memory", "/sys/fs/cgroup/memory/jrun/c1");
        paths.put("", "/sys/fs/cgroup/unified/jrun/c1");
        return new ContainerState("1.3.0", "c1", 4242, 987654321L, "/b \"quoted\"", "/b/rootfs", "2026-12-04T10:00:00Z",
                0, Map.of("org.example/key", "välue"), CgroupMode.HYBRID, paths,
                List.of("/sys/fs/cgroup/memory/jrun", "/sys/fs/cgroup/memory/jrun/c1"), true);
    }

    @Test
    void roundTrips() throws IOException {
        assertEquals(sample(), StateJson.read(StateJson.write(sample())));
        ContainerState bare = new ContainerState("1.3.0", "c2", 0, 0, "/b", "/b/r", "t", 1000, null, null, null, null, false);
        assertEquals(bare, StateJson.read(StateJson.write(bare)));
    }

    @Test
    void readsWhatDatabindWroteBeforeAndSkipsUnknownFields() throws IOException {
        // state.json of containers created by an earlier jrun, which bound the record with databind
        byte[] old = new ObjectMapper().writeValueAsBytes(sample());
        assertEquals(sample(), StateJson.read(old));
        String extra = new String(old, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"future\":{\"a\":[1,{\"b\":2}]},");
        assertEquals(sample(), StateJson.read(extra.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void damagedFilesAreErrors() {
        byte[] whole = new byte[0];
        try {
            whole = StateJson.write(sample());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        assertThrows(IOException.class, () -> StateJson.read(cut));
        assertThrows(IOException.class, () -> StateJson.read("[]".getBytes()));
        assertThrows(IOException.class, () -> StateJson.read("{\"pid\":\"x\"}".getBytes()));
        assertThrows(IOException.class, () -> StateJson.read("{\"cgroupMode\":\"MIXED\"}".getBytes()));
    }
}
