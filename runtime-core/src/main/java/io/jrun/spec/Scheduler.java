package io.jrun.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/** {@code process.scheduler} (sched_setattr(2)); runtime/deadline/period are uint64 nanoseconds. */
@SpecObject
public record Scheduler(
        String policy,
        Integer nice,
        Integer priority,
        @OmitEmpty List<String> flags,
        @JsonDeserialize(using = Uint64.Deserializer.class) @JsonSerialize(using = Uint64.Serializer.class) Long runtime,
        @JsonDeserialize(using = Uint64.Deserializer.class) @JsonSerialize(using = Uint64.Serializer.class) Long deadline,
        @JsonDeserialize(using = Uint64.Deserializer.class) @JsonSerialize(using = Uint64.Serializer.class) Long period) {

    public Scheduler {
        flags = Copy.list(flags);
    }
}
