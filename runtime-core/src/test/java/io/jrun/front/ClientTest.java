package io.jrun.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientTest {
    private final Client client = new Client(List.of("state", "c1"), Map.of(), Path.of("/home/u/work"), 1000, 100, 77);

    @Test
    void relativePathsResolveAgainstTheCallersDirectory() {
        assertEquals(Path.of("/home/u/work/bundle"), client.resolve("bundle"));
        assertEquals(Path.of("/home/u/work"), client.resolve("."));
        assertEquals(Path.of("/home/u/other/b"), client.resolve("../other/./b"));
        assertEquals(Path.of("/home/u/work/a/b"), client.resolve("a//b/"));
    }

    @Test
    void absolutePathsStayAbsolute() {
        assertEquals(Path.of("/run/jrun"), client.resolve("/run/jrun"));
        assertEquals(Path.of("/x"), client.resolve("/run/../x"));
    }

    @Test
    void argsAndEnvAreCopied() {
        List<String> args = new ArrayList<>(List.of("a"));
        Map<String, String> env = new HashMap<>(Map.of("K", "V"));
        Client c = new Client(args, env, Path.of("/"), 0, 0, 1);
        args.add("b");
        env.put("L", "W");
        assertEquals(List.of("a"), c.args());
        assertEquals(Map.of("K", "V"), c.env());
        assertThrows(UnsupportedOperationException.class, () -> c.args().add("x"));
    }

    @Test
    void exitStatusFollowsTheShellConvention() {
        assertEquals(3, new ExitStatus(false, 3).asExitCode());
        assertEquals(137, new ExitStatus(true, 9).asExitCode());
    }
}
