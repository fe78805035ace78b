package io.jrun.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/** A per-device block IO rate limit (uint64, bytes or operations per second). */
@SpecObject
public record LinuxThrottleDevice(
        long major,
        long minor,
        @JsonDeserialize(using = Uint64.Deserializer.class) @JsonSerialize(using = Uint64.Serializer.class) long rate) {}
