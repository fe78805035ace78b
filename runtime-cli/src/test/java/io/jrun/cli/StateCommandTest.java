package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrun.cli.TestFront.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsTheRuntimeSpecStateAsRuncDoes() throws Exception {
        Path root = tmp.resolve("root");
        Path bundle = tmp.resolve("bundle");
        LiveContainer.write(root, "c1", bundle);
        Result r = TestFront.run(tmp, "--root", root.toString(), "state", "c1");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                {
                  "ociVersion": "1.3.0",
                  "id": "c1",
                  "pid": %d,
                  "status": "running",
                  "bundle": "%s",
                  "rootfs": "%s",
                  "created": "2025-01-02T03:04:05.123456789Z",
                  "owner": "root",
                  "annotations": {
                    "org.example/a": "b"
                  }
                }
                """.formatted(ProcessHandle.current().pid(), bundle, bundle.resolve("rootfs")), r.out());
    }

    @Test
    void aStoppedContainerShowsPidZero() throws Exception {
        Path root = tmp.resolve("root");
        LiveContainer.write(root, "c1", tmp);
        // rewrite with a start time that is not this JVM's: its init is gone
        Path state = root.resolve("c1/state.json");
        String json = java.nio.file.Files.readString(state).replaceFirst("\"pidStartTime\":\\d+", "\"pidStartTime\":1");
        java.nio.file.Files.writeString(state, json);
        Result r = TestFront.run(tmp, "--root", root.toString(), "state", "c1");
        assertEquals(0, r.code(), r.err());
        assertEquals(true, r.out().contains("\"pid\": 0,"), r.out());
        assertEquals(true, r.out().contains("\"status\": \"stopped\","), r.out());
    }
}
