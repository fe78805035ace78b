package io.jrun.spec;

/** A {@code linux.timeOffsets} value (keys are "monotonic" and "boottime"). */
@SpecObject
public record LinuxTimeOffset(Long secs, Long nanosecs) {}
