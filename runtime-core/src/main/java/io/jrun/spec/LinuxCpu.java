package io.jrun.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/** {@code linux.resources.cpu}; shares, burst, period and realtimePeriod are uint64. */
@SpecObject
public record LinuxCpu(
        @JsonDeserialize(using = Uint64.Deserializer.class) @JsonSerialize(using = Uint64.Serializer.class) Long shares,
        Long quota,
        @JsonDeserialize(using = Uint64.Deserializer.class) @JsonSerialize(using = Uint64.Serializer.class) Long burst,
        @JsonDeserialize(using = Uint64.Deserializer.class) @JsonSerialize(using = Uint64.Serializer.class) Long period,
        Long realtimeRuntime,
        @JsonDeserialize(using = Uint64.Deserializer.class) @JsonSerialize(using = Uint64.Serializer.class)
                Long realtimePeriod,
        String cpus,
        String mems,
        Long idle) {}
