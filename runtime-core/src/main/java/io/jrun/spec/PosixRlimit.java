package io.jrun.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/** One {@code process.rlimits} entry. hard/soft are uint64: -1 is RLIM_INFINITY (see {@link Uint64}). */
@SpecObject
public record PosixRlimit(
        String type,
        @JsonDeserialize(using = Uint64.Deserializer.class) @JsonSerialize(using = Uint64.Serializer.class) long hard,
        @JsonDeserialize(using = Uint64.Deserializer.class) @JsonSerialize(using = Uint64.Serializer.class) long soft) {}
