package io.jrun.spec;

import java.util.List;

/** {@code process.scheduler} (sched_setattr(2)); runtime/deadline/period are uint64 nanoseconds. */
@SpecObject
public record Scheduler(
        String policy,
        Integer nice,
        Integer priority,
        @OmitEmpty List<String> flags,
        @Unsigned Long runtime,
        @Unsigned Long deadline,
        @Unsigned Long period) {

    public Scheduler {
        flags = Copy.list(flags);
    }
}
