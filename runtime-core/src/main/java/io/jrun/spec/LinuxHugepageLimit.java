package io.jrun.spec;


/** A hugetlb limit in bytes (uint64) for one page size such as "2MB". */
@SpecObject
public record LinuxHugepageLimit(
        String pageSize,
        @Unsigned long limit) {}
