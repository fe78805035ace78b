package io.jrun.cgroup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.jrun.spec.Uint64;
import java.util.List;
import java.util.Map;

/**
 * A container's cgroup figures, shaped as runc's `events` data (types.Stats), so tools that read
 * runc's output read jrun's. Units: cpu in nanoseconds, memory in bytes.
 */
public record CgroupStats(Cpu cpu, Memory memory, Pids pids, Blkio blkio, Map<String, Hugetlb> hugetlb) {

    public record Cpu(CpuUsage usage, Throttling throttling) {}

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record CpuUsage(long total, List<Long> percpu, @JsonInclude(JsonInclude.Include.ALWAYS) long kernel,
            @JsonInclude(JsonInclude.Include.ALWAYS) long user) {}

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Throttling(long periods, long throttledPeriods, long throttledTime) {}

    public record Memory(
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) long cache,
            MemoryEntry usage,
            MemoryEntry swap,
            MemoryEntry kernel,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> raw,
            @JsonProperty("event_count") Map<String, Long> eventCount) {}

    /** limit: "max" is 2^64-1, as runc prints it (Go clients decode these as uint64). */
    public record MemoryEntry(
            @JsonSerialize(using = Uint64.Serializer.class) long limit,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) long usage,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) long max,
            long failcnt) {}

    /** limit 0 means no limit, as runc reports it. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Pids(long current, long limit) {
        public Pids {
            limit = Math.max(0, limit);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Blkio(List<BlkioEntry> ioServiceBytesRecursive, List<BlkioEntry> ioServicedRecursive) {}

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record BlkioEntry(long major, long minor, String op, long value) {}

    public record Hugetlb(
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) long usage,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) long max,
            long failcnt) {}

    /** "unlimited" in a v1 file is this huge number; runc reports it as is, so do we. */
    public static final long V1_UNLIMITED = Long.MAX_VALUE - (Long.MAX_VALUE % 4096);
}
