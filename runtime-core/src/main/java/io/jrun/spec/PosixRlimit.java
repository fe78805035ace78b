package io.jrun.spec;


/** One {@code process.rlimits} entry. hard/soft are uint64: -1 is RLIM_INFINITY (see {@link Uint64}). */
@SpecObject
public record PosixRlimit(
        String type,
        @Unsigned long hard,
        @Unsigned long soft) {}
