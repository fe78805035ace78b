package io.jrun.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.InvalidSpecException;
import io.jrun.spec.LinuxMemory;
import io.jrun.testing.Resources;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class V1SettingsTest {
    private static final long M = 1024 * 1024;

    /** "controller:file=value", in write order. */
    static List<String> render(List<CgroupWrite> writes) {
        return writes.stream().map(w -> w.controller() + ":" + w.file() + "=" + w.value()).toList();
    }

    static List<String> of(String json) {
        return render(V1Settings.of(Resources.of(json), false));
    }

    @Test
    void nothingSetWritesNothing() {
        assertEquals(List.of(), of("{}"));
        assertEquals(List.of(), of("{'cpu': {}, 'memory': {}, 'pids': {}, 'blockIO': {}}"));
        assertEquals(List.of(), of("{'cpu': {'shares': 0, 'quota': 0, 'period': 0}, 'pids': {'limit': 0}}"), "0 is unset");
    }

    @Test
    void cpusetThenCpu() {
        assertEquals(List.of(
                "cpuset:cpuset.cpus=0-1",
                "cpuset:cpuset.mems=0",
                "cpu:cpu.shares=512",
                "cpu:cpu.cfs_period_us=100000",
                "cpu:cpu.cfs_quota_us=50000",
                "cpu:cpu.cfs_burst_us=1000",
                "cpu:cpu.rt_period_us=1000000",
                "cpu:cpu.rt_runtime_us=950000",
                "cpu:cpu.idle=1"),
                of("""
                        {'cpu': {'shares': 512, 'quota': 50000, 'period': 100000, 'burst': 1000,
                                 'realtimeRuntime': 950000, 'realtimePeriod': 1000000, 'cpus': '0-1', 'mems': '0', 'idle': 1}}"""));
    }

    @ParameterizedTest(name = "quota {0} -> {1}")
    @CsvSource({"-1, -1", "-5, -1", "1000, 1000"})
    void negativeQuotaIsUnlimited(long quota, String written) {
        assertEquals(List.of("cpu:cpu.cfs_quota_us=" + written), of("{'cpu': {'quota': " + quota + "}}"));
    }

    @Test
    void cpuSharesAreUnsigned() {
        assertEquals(List.of("cpu:cpu.shares=18446744073709551615"), of("{'cpu': {'shares': 18446744073709551615}}"));
    }

    @Test
    void emptyCpusetStringsAreUnset() {
        assertEquals(List.of(), of("{'cpu': {'cpus': '', 'mems': ''}}"));
    }

    @ParameterizedTest(name = "pids {0} -> {1}")
    @CsvSource({"10, 10", "-1, max", "-2, max"})
    void pidsMax(long limit, String written) {
        assertEquals(List.of("pids:pids.max=" + written), of("{'pids': {'limit': " + limit + "}}"));
    }

    @Test
    void memoryBesidesTheLimits() {
        assertEquals(List.of(
                "memory:memory.soft_limit_in_bytes=33554432",
                "memory:memory.kmem.tcp.limit_in_bytes=1048576",
                "memory:memory.swappiness=60",
                "memory:memory.oom_control=1"),
                of("""
                        {'memory': {'limit': 67108864, 'swap': 134217728, 'reservation': 33554432, 'kernelTCP': 1048576,
                                    'swappiness': 60, 'disableOOMKiller': true}}"""));
        assertEquals(List.of("memory:memory.swappiness=0"), of("{'memory': {'swappiness': 0, 'disableOOMKiller': false}}"));
    }

    @Test
    void swappinessAbove100IsRefused() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> of("{'memory': {'swappiness': 101}}"));
        assertEquals("linux.resources.memory.swappiness", e.field());
        assertTrue(e.getMessage().contains("101"), e.getMessage());
        assertEquals(List.of("memory:memory.swappiness=100"), of("{'memory': {'swappiness': 100}}"));
    }

    @Test
    void swappinessOfMinusOneAsUint64IsUnset() {
        // Docker sends -1 cast to uint64 for "not set"
        assertEquals(List.of(), of("{'memory': {'swappiness': 18446744073709551615}}"));
    }

    @Test
    void blkioWithoutBfq() {
        assertEquals(List.of(
                "blkio:blkio.weight=500",
                "blkio:blkio.leaf_weight=300",
                "blkio:blkio.weight_device=8:0 600",
                "blkio:blkio.leaf_weight_device=8:0 200",
                "blkio:blkio.weight_device=8:16 700",
                "blkio:blkio.throttle.read_bps_device=8:0 1048576",
                "blkio:blkio.throttle.write_bps_device=8:0 2097152",
                "blkio:blkio.throttle.read_iops_device=8:0 100",
                "blkio:blkio.throttle.write_iops_device=8:16 200"),
                of(BLKIO));
    }

    private static final String BLKIO = """
            {'blockIO': {'weight': 500, 'leafWeight': 300,
                         'weightDevice': [{'major': 8, 'minor': 0, 'weight': 600, 'leafWeight': 200},
                                          {'major': 8, 'minor': 16, 'weight': 700}],
                         'throttleReadBpsDevice': [{'major': 8, 'minor': 0, 'rate': 1048576}],
                         'throttleWriteBpsDevice': [{'major': 8, 'minor': 0, 'rate': 2097152}],
                         'throttleReadIOPSDevice': [{'major': 8, 'minor': 0, 'rate': 100}],
                         'throttleWriteIOPSDevice': [{'major': 8, 'minor': 16, 'rate': 200}]}}""";

    @Test
    void blkioWithBfqUsesTheBfqWeightFiles() {
        List<String> writes = render(V1Settings.of(Resources.of(BLKIO), true));
        assertEquals("blkio:blkio.bfq.weight=500", writes.get(0));
        assertTrue(writes.contains("blkio:blkio.bfq.weight_device=8:0 600"), writes.toString());
        assertTrue(writes.contains("blkio:blkio.bfq.weight_device=8:16 700"), writes.toString());
        assertTrue(writes.stream().noneMatch(w -> w.startsWith("blkio:blkio.weight")), writes.toString());
        assertTrue(writes.contains("blkio:blkio.throttle.read_bps_device=8:0 1048576"), "throttling is the same");
    }

    @Test
    void hugetlbLimitsPerPageSize() {
        assertEquals(List.of("hugetlb:hugetlb.2MB.limit_in_bytes=209715200", "hugetlb:hugetlb.1GB.limit_in_bytes=1073741824"),
                of("{'hugepageLimits': [{'pageSize': '2MB', 'limit': 209715200}, {'pageSize': '1GB', 'limit': 1073741824}]}"));
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> of("{'hugepageLimits': [{'pageSize': '2M', 'limit': 1}]}"));
        assertEquals("linux.resources.hugepageLimits", e.field());
    }

    @Test
    void networkClassIdAndPriorities() {
        assertEquals(List.of("net_cls:net_cls.classid=1048577", "net_prio:net_prio.ifpriomap=eth0 5",
                "net_prio:net_prio.ifpriomap=lo 1"),
                of("{'network': {'classID': 1048577, 'priorities': [{'name': 'eth0', 'priority': 5}, {'name': 'lo', 'priority': 1}]}}"));
    }

    @Test
    void unifiedNeedsCgroupV2() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> of("{'unified': {'memory.high': '1G'}}"));
        assertEquals("linux.resources.unified", e.field());
        assertEquals(List.of(), of("{'unified': {}}"), "an empty map asks nothing");
    }

    @Test
    void writesNameTheirField() {
        List<CgroupWrite> w = V1Settings.of(Resources.of("{'cpu': {'shares': 512}, 'pids': {'limit': 3}}"), false);
        assertEquals(List.of("linux.resources.cpu.shares", "linux.resources.pids.limit"),
                w.stream().map(CgroupWrite::field).toList());
    }

    // ---- memory.limit_in_bytes and memory.memsw.limit_in_bytes ----

    private static LinuxMemory memory(Long limit, Long swap) {
        return new LinuxMemory(limit, null, swap, null, null, null, null, null, null);
    }

    /** "limit" and "memsw" writes, in order. */
    private static List<String> limits(Long limit, Long swap, long current, boolean memsw) {
        return V1Settings.memoryLimits(memory(limit, swap), current, memsw).stream()
                .map(w -> (w.file().equals("memory.limit_in_bytes") ? "limit=" : "memsw=") + w.value()).toList();
    }

    @ParameterizedTest(name = "limit {0}, swap {1}, current {2}, memsw file {3}: {4}")
    @CsvSource(nullValues = "null", delimiter = '|', value = {
        // raising above the current limit: memsw first, or the new limit would exceed it
        "268435456 | 536870912 | 67108864           | true  | memsw=536870912 limit=268435456",
        // lowering: memory first, or memsw would go below the current limit
        "67108864  | 134217728 | 536870912          | true  | limit=67108864 memsw=134217728",
        "67108864  | 134217728 | 9223372036854771712 | true | limit=67108864 memsw=134217728",
        // unlimited memory, swap not given: both unlimited, memsw first
        "-1        | null      | 67108864           | true  | memsw=-1 limit=-1",
        "-1        | 0         | 67108864           | true  | memsw=-1 limit=-1",
        "-1        | null      | 67108864           | false | limit=-1",
        // unlimited swap: memsw first whatever the current limit
        "67108864  | -1        | 536870912          | true  | memsw=-1 limit=67108864",
        // no swap accounting: only the memory limit
        "67108864  | 134217728 | 536870912          | false | limit=67108864",
        "67108864  | null      | 536870912          | true  | limit=67108864",
        "null      | 134217728 | 67108864           | true  | memsw=134217728",
        "null      | 134217728 | 67108864           | false | ''",
        "null      | null      | 67108864           | true  | ''",
    })
    void memoryLimitsOrder(Long limit, Long swap, long current, boolean memsw, String expected) {
        assertEquals(expected.isEmpty() ? List.of() : Arrays.asList(expected.split(" ")), limits(limit, swap, current, memsw));
    }

    @Test
    void memoryLimitsNameTheirFields() {
        List<CgroupWrite> w = V1Settings.memoryLimits(memory(64 * M, 128 * M), 0, true);
        assertEquals(List.of("linux.resources.memory.swap", "linux.resources.memory.limit"),
                w.stream().map(CgroupWrite::field).toList());
        assertEquals(List.of("memory", "memory"), w.stream().map(CgroupWrite::controller).toList());
        assertEquals(List.of(), V1Settings.memoryLimits(null, 0, true));
    }
}
