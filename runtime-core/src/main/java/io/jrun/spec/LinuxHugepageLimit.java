package io.jrun.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/** A hugetlb limit in bytes (uint64) for one page size such as "2MB". */
@SpecObject
public record LinuxHugepageLimit(
        String pageSize,
        @JsonDeserialize(using = Uint64.Deserializer.class) @JsonSerialize(using = Uint64.Serializer.class) long limit) {}
