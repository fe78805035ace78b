package io.jrun.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelFilesTest {
    @TempDir
    Path tmp;

    @Test
    void readsAWholeFile() throws IOException {
        Path f = Files.writeString(tmp.resolve("f"), "40\n");
        assertEquals("40\n", KernelFiles.read(f));
    }

    @Test
    void anEmptyFileIsEmpty() throws IOException {
        assertEquals("", KernelFiles.read(Files.createFile(tmp.resolve("empty"))));
    }

    @Test
    void aLargeFileIsReadToItsEnd() throws IOException {
        String big = "x".repeat(100_000) + "end\n";
        assertEquals(big, KernelFiles.read(Files.writeString(tmp.resolve("big"), big)));
    }

    @Test
    void textIsUtf8() throws IOException {
        Path f = Files.write(tmp.resolve("u"), "/srv/d\u00e9j\u00e0 vu\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("/srv/d\u00e9j\u00e0 vu\n", KernelFiles.read(f));
    }

    @Test
    void aMissingFileIsAnIOException() {
        assertThrows(NoSuchFileException.class, () -> KernelFiles.read(tmp.resolve("nope")));
    }

    /** A sysctl file reports a size of 0: the whole value must still come back (not "4" for "40"). */
    @Test
    void aSysctlFileIsReadWhole() throws IOException {
        Path lastCap = Path.of("/proc/sys/kernel/cap_last_cap");
        assumeTrue(Files.isReadable(lastCap), "no /proc/sys here");
        assertEquals(0, Files.size(lastCap), "procfs reports no size");
        String text = KernelFiles.read(lastCap);
        assertTrue(text.endsWith("\n"), text);
        int n = Integer.parseInt(text.strip());
        assertTrue(n >= 30 && n < 64, text);
    }

    @Test
    void aProcFileIsReadWhole() throws IOException {
        Path mountinfo = Path.of("/proc/self/mountinfo");
        assumeTrue(Files.isReadable(mountinfo), "no /proc here");
        String text = KernelFiles.read(mountinfo);
        assertTrue(text.endsWith("\n"), text);
        assertTrue(text.lines().count() > 0 && text.lines().allMatch(l -> l.contains(" - ")), text);
    }
}
