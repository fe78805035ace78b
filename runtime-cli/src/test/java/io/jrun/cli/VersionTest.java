package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.cli.TestFront.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionTest {
    @TempDir
    Path tmp;

    @Test
    void versionIsFourLinesInRuncsLayout() {
        for (String flag : List.of("--version", "-v")) {
            Result r = TestFront.run(tmp, flag);
            assertEquals(0, r.code());
            assertEquals("", r.err());
            List<String> lines = r.out().lines().toList();
            assertEquals(4, lines.size(), r.out());
            assertTrue(lines.get(0).startsWith("jrun version "), lines.get(0));
            assertTrue(lines.get(1).startsWith("commit: "), lines.get(1));
            assertEquals("spec: 1.3.0", lines.get(2));
            assertTrue(lines.get(3).startsWith("java: "), lines.get(3));
        }
    }
}
