package io.jrun.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.CgroupException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CgroupFilesTest {
    @TempDir
    Path dir;

    private final CgroupFiles files = new CgroupFiles(CgroupFs.KERNEL);

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({"max, -1", "0, 0", "42, 42", "'42 100000', 42", "9223372036854771712, 9223372036854771712",
            "18446744073709551615, -1", "abc, 0", "'', 0"})
    void parseNumber(String text, long value) {
        assertEquals(value, CgroupFiles.parseNumber(text));
    }

    @Test
    void numberOfAFile() throws IOException {
        assertEquals(0, files.number(dir.resolve("missing")));
        Files.writeString(dir.resolve("pids.max"), "max\n");
        assertEquals(-1, files.number(dir.resolve("pids.max")));
        Files.writeString(dir.resolve("memory.current"), "  4096\n");
        assertEquals(4096, files.number(dir.resolve("memory.current")));
    }

    @Test
    void readStripsAndIsEmptyWhenMissing() throws IOException {
        assertEquals(Optional.empty(), files.read(dir.resolve("missing")));
        Files.writeString(dir.resolve("freezer.state"), "THAWED\n");
        assertEquals(Optional.of("THAWED"), files.read(dir.resolve("freezer.state")));
    }

    @Test
    void keyedLines() throws IOException {
        Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 2\nmax max\n\nbroken\nthree fields here\n oom_kill 7 \n");
        assertEquals(Map.of("low", 0L, "high", 2L, "max", -1L, "oom_kill", 7L), files.keyed(dir.resolve("memory.events")));
        assertEquals(Map.of(), files.keyed(dir.resolve("missing")));
    }

    @Test
    void writeReplacesTheContent() throws IOException {
        Files.writeString(dir.resolve("pids.max"), "max\n");
        files.write(dir, CgroupWrite.v1("pids", "pids.max", 10, "linux.resources.pids.limit"));
        assertEquals("10", Files.readString(dir.resolve("pids.max")));
    }

    /** cgroupfs makes every file with the directory: a missing one is a feature the kernel lacks. */
    @Test
    void aMissingFileIsNotSupportedAndNotCreated() {
        CgroupException e = assertThrows(CgroupException.class,
                () -> files.write(dir, CgroupWrite.v1("cpu", "cpu.cfs_burst_us", 1000, "linux.resources.cpu.burst")));
        assertEquals("linux.resources.cpu.burst: not supported on this host (" + dir.resolve("cpu.cfs_burst_us")
                + " does not exist)", e.getMessage());
        assertFalse(Files.exists(dir.resolve("cpu.cfs_burst_us")));
    }

    @Test
    void aWriteIntoAMissingDirectoryNamesTheField() {
        CgroupException e = assertThrows(CgroupException.class,
                () -> files.write(dir.resolve("gone"), CgroupWrite.v2("pids.max", "10", "linux.resources.pids.limit")));
        assertTrue(e.getMessage().startsWith("linux.resources.pids.limit: "), e.getMessage());
    }

    @Test
    void reasonOfAnErrorWithAReason() {
        assertEquals("device or resource busy", CgroupFiles.reason(new FileSystemException("/x", null, "Device or resource busy")));
        assertEquals("invalid argument", CgroupFiles.reason(new IOException("Invalid argument")));
        assertEquals("IOException", CgroupFiles.reason(new IOException()));
    }

    /**
     * EACCES (a rootless caller; on cgroupfs also a file that does not exist) has no reason of its
     * own: it once came out as the file's path, lowercased.
     */
    @Test
    void reasonOfAccessDenied() {
        assertEquals("permission denied", CgroupFiles.reason(new AccessDeniedException("/sys/fs/cgroup/Pods/memory.max")));
    }
}
