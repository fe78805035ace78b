package io.jrun.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.InvalidSpecException;
import io.jrun.testing.Resources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class V2SettingsTest {
    private final List<String> ignored = new ArrayList<>();

    /** "file=value", in write order. */
    private List<String> of(String json, boolean bfq) {
        List<CgroupWrite> writes = V2Settings.of(Resources.of(json), bfq, ignored::add);
        writes.forEach(w -> assertEquals("", w.controller(), "v2 writes name no controller"));
        return writes.stream().map(w -> w.file() + "=" + w.value()).toList();
    }

    private List<String> of(String json) {
        return of(json, false);
    }

    @Test
    void nothingSetWritesNothing() {
        assertEquals(List.of(), of("{}"));
        assertEquals(List.of(), of("{'cpu': {'shares': 0, 'quota': 0, 'period': 0}, 'memory': {}, 'pids': {'limit': 0}}"));
        assertEquals(List.of(), ignored);
    }

    @Test
    void cpu() {
        assertEquals(List.of("cpu.weight=39", "cpu.max=50000 100000", "cpu.max.burst=1000", "cpu.idle=1",
                "cpuset.cpus=0-1", "cpuset.mems=0"),
                of("{'cpu': {'shares': 1024, 'quota': 50000, 'period': 100000, 'burst': 1000, 'idle': 1, 'cpus': '0-1', 'mems': '0'}}"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{'cpu': {'shares': 2}}                        | cpu.weight=1",
        "{'cpu': {'shares': 262144}}                   | cpu.weight=10000",
        "{'cpu': {'period': 100000}}                   | cpu.max=max 100000",
        "{'cpu': {'quota': -1, 'period': 200000}}      | cpu.max=max 200000",
        "{'cpu': {'quota': -1}}                        | cpu.max=max",
        "{'cpu': {'quota': 20000}}                     | cpu.max=20000",
    })
    void cpuWeightAndMax(String json, String expected) {
        assertEquals(List.of(expected), of(json));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // swap.max is memory+swap minus memory, written before memory.max
        "{'memory': {'limit': 67108864, 'swap': 134217728}}  | memory.swap.max=67108864 memory.max=67108864",
        "{'memory': {'limit': 67108864, 'swap': -1}}         | memory.swap.max=max memory.max=67108864",
        "{'memory': {'limit': -1}}                           | memory.swap.max=max memory.max=max",
        "{'memory': {'limit': 67108864}}                     | memory.max=67108864",
        "{'memory': {'limit': 67108864, 'reservation': 33554432}} | memory.max=67108864 memory.low=33554432",
        "{'memory': {'reservation': -1}}                     | memory.low=max",
    })
    void memory(String json, String expected) {
        assertEquals(List.of(expected.split(" (?=memory)")), of(json));
    }

    /**
     * memory == memory+swap means "no swap" (Docker's --memory 64m --memory-swap 64m): runc writes
     * memory.swap.max "0". (Was a bug: the 0 was taken for "unset" and swap stayed unlimited.)
     */
    @Test
    void equalMemoryAndSwapDisablesSwap() {
        assertEquals(List.of("memory.swap.max=0", "memory.max=67108864"), of("{'memory': {'limit': 67108864, 'swap': 67108864}}"));
    }

    @Test
    void swapWithoutMemoryIsRefused() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> of("{'memory': {'swap': 134217728}}"));
        assertEquals("linux.resources.memory.swap", e.field());
        e = assertThrows(InvalidSpecException.class, () -> of("{'memory': {'limit': 134217728, 'swap': 67108864}}"));
        assertEquals("linux.resources.memory.swap", e.field());
    }

    @Test
    void v1OnlyMemorySettingsAreReportedNotWritten() {
        assertEquals(List.of("memory.max=67108864"), of("""
                {'memory': {'limit': 67108864, 'kernel': 1048576, 'kernelTCP': 1048576, 'swappiness': 60,
                            'disableOOMKiller': true}}"""));
        assertEquals(List.of("linux.resources.memory.kernel", "linux.resources.memory.kernelTCP",
                "linux.resources.memory.swappiness", "linux.resources.memory.disableOOMKiller"), ignored);
    }

    @Test
    void unsetV1OnlySettingsAreNotReported() {
        of("{'memory': {'kernel': 0, 'kernelTCP': 0, 'disableOOMKiller': false, 'swappiness': 18446744073709551615}}");
        assertEquals(List.of(), ignored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'cpu': {'realtimeRuntime': 950000}}", "{'cpu': {'realtimePeriod': 1000000}}"})
    void realtimeIsRefused(String json) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> of(json));
        assertTrue(e.field().startsWith("linux.resources.cpu.realtime"), e.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'network': {'classID': 1048577}}", "{'network': {'priorities': [{'name': 'eth0', 'priority': 5}]}}"})
    void networkIsRefused(String json) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> of(json));
        assertEquals("linux.resources.network", e.field());
    }

    @Test
    void anEmptyNetworkIsFine() {
        assertEquals(List.of(), of("{'network': {}}"));
    }

    @ParameterizedTest(name = "pids {0} -> {1}")
    @CsvSource({"10, 10", "-1, max"})
    void pids(long limit, String written) {
        assertEquals(List.of("pids.max=" + written), of("{'pids': {'limit': " + limit + "}}"));
    }

    private static final String IO = """
            {'blockIO': {'weight': 500,
                         'weightDevice': [{'major': 8, 'minor': 0, 'weight': 1000}],
                         'throttleReadBpsDevice': [{'major': 8, 'minor': 0, 'rate': 1048576}],
                         'throttleWriteBpsDevice': [{'major': 8, 'minor': 16, 'rate': 2097152}],
                         'throttleReadIOPSDevice': [{'major': 8, 'minor': 0, 'rate': 100}],
                         'throttleWriteIOPSDevice': [{'major': 8, 'minor': 0, 'rate': 200}]}}""";

    @Test
    void ioWeightIsConvertedAndThrottlingGoesToIoMax() {
        assertEquals(List.of("io.weight=default 4950", "io.weight=8:0 10000",
                "io.max=8:0 rbps=1048576", "io.max=8:16 wbps=2097152", "io.max=8:0 riops=100", "io.max=8:0 wiops=200"),
                of(IO));
    }

    @Test
    void bfqWeightsAreTakenAsGiven() {
        List<String> writes = of(IO, true);
        assertEquals(List.of("io.bfq.weight=500", "io.bfq.weight=8:0 1000"), writes.subList(0, 2));
        assertTrue(writes.stream().noneMatch(w -> w.startsWith("io.weight")), writes.toString());
        assertEquals("io.max=8:0 rbps=1048576", writes.get(2));
    }

    @Test
    void hugetlbMax() {
        assertEquals(List.of("hugetlb.2MB.max=209715200", "hugetlb.1GB.max=0"),
                of("{'hugepageLimits': [{'pageSize': '2MB', 'limit': 209715200}, {'pageSize': '1GB', 'limit': 0}]}"));
    }

    @Test
    void unifiedKeysAreWrittenAsGivenAfterTheRest() {
        List<CgroupWrite> w = V2Settings.of(Resources.of("{'pids': {'limit': 5}, 'unified': {'memory.high': '1073741824', 'io.weight': 'default 50'}}"),
                false, ignored::add);
        assertEquals(List.of("pids.max=5", "memory.high=1073741824", "io.weight=default 50"),
                w.stream().map(x -> x.file() + "=" + x.value()).toList());
        assertEquals("linux.resources.unified[\"memory.high\"]", w.get(1).field());
    }

    /** As runc: a key must name a file in the container's own cgroup directory. */
    @ParameterizedTest
    @ValueSource(strings = {"../memory.max", "sub/memory.max", "/etc/passwd", "", ".", ".."})
    void unifiedKeysThatAreNotFilesOfTheCgroupAreRefused(String key) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> of("{'unified': {'" + key + "': '1'}}"));
        assertEquals("linux.resources.unified", e.field());
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    /**
     * Any other name is written as given, as runc does (a file the kernel lacks fails at the write):
     * the hugetlb files with the page size in capitals were once refused by a stricter pattern.
     */
    @ParameterizedTest
    @ValueSource(strings = {"hugetlb.2MB.max", "hugetlb.1GB.rsvd.max", "cgroup.max.depth", "cgroup.procs", "memory", ".max"})
    void otherUnifiedKeysAreAccepted(String key) {
        assertEquals(List.of(key + "=1073741824"), of("{'unified': {'" + key + "': '1073741824'}}"));
    }

    @Test
    void writeOrderIsCpuMemoryPidsIoHugetlbUnified() {
        List<String> files = of("""
                {'unified': {'memory.high': '1'}, 'hugepageLimits': [{'pageSize': '2MB', 'limit': 1}],
                 'blockIO': {'weight': 10}, 'pids': {'limit': 1}, 'memory': {'limit': 1}, 'cpu': {'shares': 2}}""")
                .stream().map(w -> w.substring(0, w.indexOf('='))).toList();
        assertEquals(List.of("cpu.weight", "memory.max", "pids.max", "io.weight", "hugetlb.2MB.max", "memory.high"), files);
    }
}
