package io.jrun.spec;

import java.util.Optional;

/** The RLIMIT_* names accepted in {@code process.rlimits}, with their Linux resource numbers. */
public enum RlimitType {
    RLIMIT_CPU(0),
    RLIMIT_FSIZE(1),
    RLIMIT_DATA(2),
    RLIMIT_STACK(3),
    RLIMIT_CORE(4),
    RLIMIT_RSS(5),
    RLIMIT_NPROC(6),
    RLIMIT_NOFILE(7),
    RLIMIT_MEMLOCK(8),
    RLIMIT_AS(9),
    RLIMIT_LOCKS(10),
    RLIMIT_SIGPENDING(11),
    RLIMIT_MSGQUEUE(12),
    RLIMIT_NICE(13),
    RLIMIT_RTPRIO(14),
    RLIMIT_RTTIME(15);

    private final int resource;

    RlimitType(int resource) {
        this.resource = resource;
    }

    /** The resource argument of setrlimit(2)/prlimit(2). */
    public int resource() {
        return resource;
    }

    public static Optional<RlimitType> fromName(String name) {
        for (RlimitType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
