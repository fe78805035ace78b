package io.jrun.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The message op codes and limits agree with the C twin (native-shim/src/proto.h). */
class OpTest {
    private static String header() throws IOException {
        Path h = Path.of("").toAbsolutePath().getParent().resolve("native-shim/src/proto.h");
        assumeTrue(Files.isRegularFile(h), "native-shim sources not next to runtime-core");
        return Files.readString(h);
    }

    @Test
    void opCodesMatchTheHeader() throws IOException {
        Map<String, Integer> c = new TreeMap<>();
        Matcher m = Pattern.compile("OP_([A-Z_]+) = (\\d+)").matcher(header());
        while (m.find()) {
            c.put(m.group(1).replaceAll("_LIST$", ""), Integer.parseInt(m.group(2)));
        }
        Map<String, Integer> java = new TreeMap<>(Map.ofEntries(
                Map.entry("HELLO", Op.HELLO), Map.entry("DATA", Op.DATA), Map.entry("SPAWNED", Op.SPAWNED),
                Map.entry("FAILED", Op.FAILED), Map.entry("EXITED", Op.EXITED), Map.entry("ARGV", Op.ARGV),
                Map.entry("ENV", Op.ENV), Map.entry("WRITE", Op.WRITE), Map.entry("READ_STDIN", Op.READ_STDIN),
                Map.entry("SPAWN", Op.SPAWN), Map.entry("WAIT", Op.WAIT), Map.entry("EXIT", Op.EXIT),
                Map.entry("PAUSED", Op.PAUSED), Map.entry("HOOK_DONE", Op.HOOK_DONE), Map.entry("RESUME", Op.RESUME),
                Map.entry("ABORT", Op.ABORT), Map.entry("HOOK", Op.HOOK), Map.entry("SENT", Op.SENT),
                Map.entry("SEND_LISTENER", Op.SEND_LISTENER)));
        assertEquals(java, c);
    }

    @Test
    void messageLimitAndVersionMatchTheHeader() throws IOException {
        String h = header();
        Matcher max = Pattern.compile("#define MSG_MAX \\((\\d+)u << (\\d+)\\)").matcher(h);
        assumeTrue(max.find(), "MSG_MAX not in the expected form");
        assertEquals(Wire.MAX_MESSAGE, Integer.parseInt(max.group(1)) << Integer.parseInt(max.group(2)));
        assertEquals(true, h.contains("#define PROTO_VERSION \"1\""));
    }
}
