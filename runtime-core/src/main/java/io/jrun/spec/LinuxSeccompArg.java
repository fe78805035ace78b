package io.jrun.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/** A seccomp argument comparison; value and valueTwo are uint64. */
@SpecObject
public record LinuxSeccompArg(
        long index,
        @JsonDeserialize(using = Uint64.Deserializer.class) @JsonSerialize(using = Uint64.Serializer.class) long value,
        @JsonDeserialize(using = Uint64.Deserializer.class) @JsonSerialize(using = Uint64.Serializer.class) Long valueTwo,
        String op) {}
