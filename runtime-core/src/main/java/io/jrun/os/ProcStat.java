package io.jrun.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields of /proc/&lt;pid&gt;/stat that jrun needs: the state letter and the start time (in clock
 * ticks since boot), which together with the pid identify a process even after its pid is reused.
 */
public record ProcStat(int pid, char state, int ppid, long startTime) {

    public boolean isGone() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    public static Optional<ProcStat> read(Path procRoot, int pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(pid, KernelFiles.read(procRoot.resolve(Integer.toString(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The command name is in parentheses and may itself hold spaces and ')': split after the last ')'. */
    public static ProcStat parse(int pid, String line) {
        int close = line.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("malformed stat line");
        }
        String[] f = line.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state), so field N is f[N - 3].
        return new ProcStat(pid, f[0].charAt(0), Integer.parseInt(f[1]), Long.parseLong(f[22 - 3]));
    }
}
