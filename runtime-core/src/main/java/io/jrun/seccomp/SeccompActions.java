package io.jrun.seccomp;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SCMP_ACT_* and SCMP_CMP_* names of config.json and the values libseccomp takes. */
public final class SeccompActions {
    public static final int KILL_PROCESS = 0x80000000;
    public static final int KILL_THREAD = 0x00000000;
    public static final int TRAP = 0x00030000;
    public static final int ERRNO = 0x00050000;
    public static final int NOTIFY = 0x7fc00000;
    public static final int TRACE = 0x7ff00000;
    public static final int LOG = 0x7ffc0000;
    public static final int ALLOW = 0x7fff0000;
    static final int EPERM = 1;

    private static final Map<String, Integer> ACTIONS = Map.of(
            "SCMP_ACT_KILL", KILL_THREAD,
            "SCMP_ACT_KILL_THREAD", KILL_THREAD,
            "SCMP_ACT_KILL_PROCESS", KILL_PROCESS,
            "SCMP_ACT_TRAP", TRAP,
            "SCMP_ACT_ERRNO", ERRNO,
            "SCMP_ACT_TRACE", TRACE,
            "SCMP_ACT_ALLOW", ALLOW,
            "SCMP_ACT_LOG", LOG,
            "SCMP_ACT_NOTIFY", NOTIFY);

    private static final Map<String, Integer> OPERATORS = Map.of(
            "SCMP_CMP_NE", 1,
            "SCMP_CMP_LT", 2,
            "SCMP_CMP_LE", 3,
            "SCMP_CMP_EQ", 4,
            "SCMP_CMP_GE", 5,
            "SCMP_CMP_GT", 6,
            "SCMP_CMP_MASKED_EQ", 7);

    private SeccompActions() {}

    public static List<String> actionNames() {
        return ACTIONS.keySet().stream().sorted().toList();
    }

    public static List<String> operatorNames() {
        return OPERATORS.keySet().stream().sorted().toList();
    }

    /** The base action (ERRNO and TRACE without their 16-bit data). */
    static Optional<Integer> action(String name) {
        return Optional.ofNullable(ACTIONS.get(name));
    }

    static Optional<Integer> operator(String name) {
        return Optional.ofNullable(OPERATORS.get(name));
    }

    /** ERRNO and TRACE carry a value: the errno to return, or the message for the tracer. */
    static boolean takesData(int action) {
        return action == ERRNO || action == TRACE;
    }
}
