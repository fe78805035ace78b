package io.jrun.os;

import io.jrun.error.UsageException;
import java.util.Locale;
import java.util.Map;

/** Signal names and numbers on Linux (x86_64 and arm64 share these). */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final Map<String, Integer> BY_NAME = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
            Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
            Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CLD", 17), Map.entry("CONT", 18),
            Map.entry("STOP", 19), Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22),
            Map.entry("URG", 23), Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26),
            Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29),
            Map.entry("PWR", 30), Map.entry("SYS", 31));
    private static final int SIGRTMIN = 34;
    private static final int SIGRTMAX = 64;

    private Signals() {}

    /**
     * Parses "9", "KILL", "SIGKILL", "sigkill", "RTMIN+3" as runc does, and 0 (which only checks that
     * the process exists); throws on anything else.
     */
    public static int parse(String text) {
        String s = text.trim();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            try {
                int n = Integer.parseInt(s);
                if (n >= 0 && n <= SIGRTMAX) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // too large: falls through to the error
            }
            throw new UsageException("invalid signal: " + text);
        }
        String name = s.toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        Integer n = BY_NAME.get(name);
        if (n != null) {
            return n;
        }
        Integer rt = realtime(name);
        if (rt != null) {
            return rt;
        }
        throw new UsageException("unknown signal \"" + text + "\"");
    }

    private static Integer realtime(String name) {
        try {
            if (name.equals("RTMIN")) {
                return SIGRTMIN;
            }
            if (name.equals("RTMAX")) {
                return SIGRTMAX;
            }
            if (name.startsWith("RTMIN+")) {
                int v = SIGRTMIN + Integer.parseInt(name.substring(6));
                return v >= SIGRTMIN && v <= SIGRTMAX ? v : null;
            }
            if (name.startsWith("RTMAX-")) {
                int v = SIGRTMAX - Integer.parseInt(name.substring(6));
                return v >= SIGRTMIN && v <= SIGRTMAX ? v : null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }
}
