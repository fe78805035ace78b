package io.jrun.spec;


/** {@code linux.resources.cpu}; shares, burst, period and realtimePeriod are uint64. */
@SpecObject
public record LinuxCpu(
        @Unsigned Long shares,
        Long quota,
        @Unsigned Long burst,
        @Unsigned Long period,
        Long realtimeRuntime,
        @Unsigned Long realtimePeriod,
        String cpus,
        String mems,
        Long idle) {}
