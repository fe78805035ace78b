package io.jrun.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.testing.ProcTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {
    @TempDir
    Path tmp;

    /** A real line (sleep 1000 under bash), as /proc/PID/stat shows it. */
    private static final String REAL =
            "3141 (sleep) S 3100 3141 3100 34816 3141 4194304 93 0 0 0 0 0 0 0 20 0 1 0 8675309 8192000 191 "
                    + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 3 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

    @Test
    void parsesStatePpidAndStartTime() {
        ProcStat s = ProcStat.parse(3141, REAL);
        assertEquals(new ProcStat(3141, 'S', 3100, 8675309L), s);
        assertFalse(s.isGone());
    }

    @Test
    void commandNameMayHoldSpacesAndParentheses() {
        String line = ProcTree.statLine(77, "evil) R 1 2 (name", 'S', 5, 123456789L);
        ProcStat s = ProcStat.parse(77, line);
        assertEquals('S', s.state());
        assertEquals(5, s.ppid());
        assertEquals(123456789L, s.startTime());
    }

    @Test
    void commandNameEndingInParenthesis() {
        ProcStat s = ProcStat.parse(9, ProcTree.statLine(9, "a b)", 'R', 8, 42));
        assertEquals(new ProcStat(9, 'R', 8, 42), s);
    }

    @Test
    void zombiesAndDeadProcessesAreGone() {
        assertTrue(ProcStat.parse(1, ProcTree.statLine(1, "x", 'Z', 0, 1)).isGone());
        assertTrue(ProcStat.parse(1, ProcTree.statLine(1, "x", 'X', 0, 1)).isGone());
        assertFalse(ProcStat.parse(1, ProcTree.statLine(1, "x", 'D', 0, 1)).isGone());
        assertFalse(ProcStat.parse(1, ProcTree.statLine(1, "x", 't', 0, 1)).isGone());
    }

    @Test
    void malformedLinesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse(1, "1 no parens S 0"));
        assertThrows(RuntimeException.class, () -> ProcStat.parse(1, "1 (short) S 0 1"));
    }

    @Test
    void readsFromAFakeProcTree() {
        ProcTree proc = new ProcTree(tmp);
        proc.process(4242, 'S', 777);
        assertEquals(Optional.of(new ProcStat(4242, 'S', 1, 777)), ProcStat.read(tmp, 4242));
    }

    @Test
    void missingOrBrokenProcessesReadAsEmpty() throws IOException {
        ProcTree proc = new ProcTree(tmp);
        assertEquals(Optional.empty(), ProcStat.read(tmp, 4242));
        assertEquals(Optional.empty(), ProcStat.read(tmp, 0));
        assertEquals(Optional.empty(), ProcStat.read(tmp, -5));
        proc.write("55/stat", "garbage");
        assertEquals(Optional.empty(), ProcStat.read(tmp, 55));
        Files.createDirectories(tmp.resolve("56/stat"));
        assertEquals(Optional.empty(), ProcStat.read(tmp, 56));
    }

    @Test
    void readsThisJvmFromTheRealProc() {
        long pid = ProcessHandle.current().pid();
        ProcStat s = ProcStat.read(Path.of("/proc"), (int) pid).orElseThrow();
        assertEquals(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L).intValue(), s.ppid());
        assertTrue(s.startTime() > 0);
        assertFalse(s.isGone());
    }
}
