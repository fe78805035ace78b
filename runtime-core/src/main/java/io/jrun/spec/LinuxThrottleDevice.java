package io.jrun.spec;


/** A per-device block IO rate limit (uint64, bytes or operations per second). */
@SpecObject
public record LinuxThrottleDevice(
        long major,
        long minor,
        @Unsigned long rate) {}
