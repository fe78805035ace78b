package io.jrun.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.CgroupException;
import io.jrun.spec.LinuxResources;
import io.jrun.testing.KernelCgroupFs;
import io.jrun.testing.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v1 hierarchies are mounted on a temp dir served by {@link KernelCgroupFs}: the container's
 * cgroups are made by create, with the files the kernel gives them, and every write is logged.
 */
class CgroupV1ManagerTest {
    static final String V1_UNLIMITED = Long.toString(CgroupStats.V1_UNLIMITED);

    @TempDir
    Path tmp;

    private final KernelCgroupFs fs = new KernelCgroupFs();
    private final List<String> ignored = new ArrayList<>();

    /** Mounts a hierarchy with these controllers at tmp/name; returns where the container's cgroup goes. */
    private Path mount(String name, String... controllers) {
        fs.v1(tmp.resolve(name), controllers);
        return tmp.resolve(name).resolve("jrun/c1");
    }

    /** A hierarchy whose cgroups get exactly these files (a kernel without some of them). */
    private Path mount(String name, Map<String, String> files) {
        fs.v1(tmp.resolve(name), files);
        return tmp.resolve(name).resolve("jrun/c1");
    }

    /** The container's cgroups made by create; the write log starts empty. */
    private Map<String, Path> created(Map<String, Path> paths) {
        new CgroupV1Manager(paths, null, fs).create();
        fs.writes.clear();
        return paths;
    }

    /** A host with memory, cpu+cpuacct, pids, freezer and devices hierarchies. */
    private Map<String, Path> host() {
        Map<String, Path> paths = new LinkedHashMap<>();
        paths.put("memory", mount("memory", "memory"));
        paths.put("cpu,cpuacct", mount("cpu,cpuacct", "cpu", "cpuacct"));
        paths.put("pids", mount("pids", "pids"));
        paths.put("freezer", mount("freezer", "freezer"));
        paths.put("devices", mount("devices", "devices"));
        return created(paths);
    }

    /** A cgroup directory holding just these files (name, content...), as the kernel shows them: for stats. */
    private Path dir(String hierarchy, String... files) {
        try {
            Path d = Files.createDirectories(tmp.resolve(hierarchy).resolve("jrun/c1"));
            for (int i = 0; i < files.length; i += 2) {
                Files.writeString(d.resolve(files[i]), files[i + 1]);
            }
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String read(Path file) {
        return fs.read(file).orElseThrow();
    }

    private void apply(Map<String, Path> paths, String json) {
        new CgroupV1Manager(paths, null, fs).apply(Resources.of(json), ignored::add);
    }

    @Test
    void applyWritesEachControllersFiles() {
        Map<String, Path> p = host();
        apply(p, """
                {'memory': {'limit': 67108864, 'swap': 134217728, 'reservation': 33554432, 'swappiness': 10},
                 'cpu': {'shares': 512, 'quota': 50000, 'period': 100000},
                 'pids': {'limit': 10},
                 'devices': [{'allow': false, 'access': 'rwm'}, {'allow': true, 'type': 'c', 'major': 1, 'minor': 3, 'access': 'rwm'}]}""");
        assertEquals("67108864", read(p.get("memory").resolve("memory.limit_in_bytes")));
        assertEquals("134217728", read(p.get("memory").resolve("memory.memsw.limit_in_bytes")));
        assertEquals("33554432", read(p.get("memory").resolve("memory.soft_limit_in_bytes")));
        assertEquals("10", read(p.get("memory").resolve("memory.swappiness")));
        assertEquals("512", read(p.get("cpu,cpuacct").resolve("cpu.shares")));
        assertEquals("50000", read(p.get("cpu,cpuacct").resolve("cpu.cfs_quota_us")));
        assertEquals("100000", read(p.get("cpu,cpuacct").resolve("cpu.cfs_period_us")));
        assertEquals("10", read(p.get("pids").resolve("pids.max")));
        // every rule is a write of its own: deny all, then the rules in order
        assertEquals(List.of("devices.deny=a", "devices.deny=a *:* rwm", "devices.allow=c 1:3 rwm"), fs.writes(p.get("devices")));
        assertEquals(List.of(), fs.writes(p.get("freezer")), "untouched");
        assertEquals(List.of(), ignored);
    }

    @Test
    void devicesStartFromDenyAll() {
        Map<String, Path> p = host();
        apply(p, "{'devices': [{'allow': true, 'type': 'c', 'major': 1, 'minor': 3, 'access': 'rwm'}]}");
        assertEquals(List.of("devices.deny=a", "devices.allow=c 1:3 rwm"), fs.writes(p.get("devices")));
    }

    @Test
    void noDevicesLeavesTheDeviceFilesAlone() {
        Map<String, Path> p = host();
        apply(p, "{'pids': {'limit': 3}}");
        assertEquals(List.of(), fs.writes(p.get("devices")));
        assertEquals(List.of("pids.max=3"), fs.writes(p.get("pids")));
    }

    @Test
    void unlimitedMemoryIsUnlimitedSwapToo() {
        Map<String, Path> p = host();
        apply(p, "{'memory': {'limit': -1}}");
        assertEquals(List.of("memory.memsw.limit_in_bytes=-1", "memory.limit_in_bytes=-1"), fs.writes(p.get("memory")),
                "memory+swap raised first: it may never be below the memory limit");
    }

    @Test
    void memoryIsLoweredBeforeMemoryPlusSwap() {
        Map<String, Path> p = host();
        apply(p, "{'memory': {'limit': 67108864, 'swap': 134217728}}");
        assertEquals(List.of("memory.limit_in_bytes=67108864", "memory.memsw.limit_in_bytes=134217728"), fs.writes(p.get("memory")));
    }

    @Test
    void withoutSwapAccountingSwapIsReportedAndOnlyTheLimitWritten() {
        Map<String, String> noSwapAccounting = KernelCgroupFs.v1Files("memory");
        noSwapAccounting.remove("memory.memsw.limit_in_bytes");
        Map<String, Path> p = created(Map.of("memory", mount("memory", noSwapAccounting)));
        apply(p, "{'memory': {'limit': 67108864, 'swap': 134217728, 'kernel': 1048576}}");
        assertEquals(List.of("memory.limit_in_bytes=67108864"), fs.writes(p.get("memory")));
        assertFalse(Files.exists(p.get("memory").resolve("memory.memsw.limit_in_bytes")));
        assertEquals(List.of("linux.resources.memory.kernel", "linux.resources.memory.swap (no swap accounting on this host)"),
                ignored);
    }

    @Test
    void aMissingControllerIsAnErrorNamingTheField() {
        Map<String, Path> p = host();
        p.remove("pids");
        CgroupException e = assertThrows(CgroupException.class, () -> apply(p, "{'pids': {'limit': 10}}"));
        assertEquals("linux.resources.pids.limit: the pids controller is not available on this host", e.getMessage());

        e = assertThrows(CgroupException.class, () -> apply(p, "{'hugepageLimits': [{'pageSize': '2MB', 'limit': 1}]}"));
        assertEquals("linux.resources.hugepageLimits: the hugetlb controller is not available on this host", e.getMessage());

        e = assertThrows(CgroupException.class, () -> apply(p, "{'blockIO': {'weight': 500}}"));
        assertEquals("linux.resources.blockIO.weight: the blkio controller is not available on this host", e.getMessage());

        p.remove("devices");
        e = assertThrows(CgroupException.class, () -> apply(p, "{'devices': [{'allow': false, 'access': 'rwm'}]}"));
        assertEquals("linux.resources.devices: the devices controller is not available on this host", e.getMessage());
        assertEquals(List.of(), fs.writes);
    }

    @Test
    void aControllerIsFoundInACoMountedHierarchy() {
        Path cpu = created(Map.of("cpu,cpuacct", mount("cpu,cpuacct", "cpu", "cpuacct"))).get("cpu,cpuacct");
        apply(Map.of("cpu,cpuacct", cpu), "{'cpu': {'shares': 256}}");
        assertEquals("256", read(cpu.resolve("cpu.shares")));
        CgroupException e = assertThrows(CgroupException.class, () -> apply(Map.of("cpuacct", cpu), "{'cpu': {'shares': 256}}"));
        assertTrue(e.getMessage().startsWith("linux.resources.cpu.shares: the cpu controller"), e.getMessage());
    }

    /**
     * Was a bug: memory.limit_in_bytes was only computed when a memory hierarchy existed, so on a host
     * without one a memory limit was dropped without an error or a warning.
     */
    @Test
    void aMemoryLimitWithoutTheMemoryControllerIsAnError() {
        Map<String, Path> p = host();
        p.remove("memory");
        CgroupException e = assertThrows(CgroupException.class, () -> apply(p, "{'memory': {'limit': 67108864}}"));
        assertTrue(e.getMessage().startsWith("linux.resources.memory.limit: the memory controller is not available"),
                e.getMessage());
    }

    /**
     * Was a bug: a missing interface file was opened with CREATE; cgroupfs refuses that with EACCES,
     * and the error named the file's path as the reason instead of saying the host lacks the feature.
     */
    @Test
    void aMissingFileIsNotSupportedOnThisHost() {
        Path cpu = created(Map.of("cpu", mount("cpu", "cpu"))).get("cpu"); // no cpu.cfs_burst_us: a kernel before 5.14
        CgroupException e = assertThrows(CgroupException.class, () -> apply(Map.of("cpu", cpu), "{'cpu': {'burst': 1000}}"));
        assertTrue(e.getMessage().startsWith("linux.resources.cpu.burst: not supported on this host"), e.getMessage());
        assertFalse(Files.exists(cpu.resolve("cpu.cfs_burst_us")));
    }

    @Test
    void aMissingDirectoryIsReportedWithTheField() {
        Path gone = mount("pids", "pids").resolveSibling("gone");
        CgroupException e = assertThrows(CgroupException.class, () -> apply(Map.of("pids", gone), "{'pids': {'limit': 1}}"));
        assertTrue(e.getMessage().startsWith("linux.resources.pids.limit: "), e.getMessage());
        assertTrue(e.getMessage().contains(gone.resolve("pids.max").toString()), e.getMessage());
    }

    @Test
    void bfqWeightWhenOnlyBfqFilesExist() {
        Path bfq = created(Map.of("blkio", mount("blkio", Map.of("cgroup.procs", "", "blkio.bfq.weight", "100")))).get("blkio");
        apply(Map.of("blkio", bfq), "{'blockIO': {'weight': 500}}");
        assertEquals(List.of("blkio.bfq.weight=500"), fs.writes(bfq));

        Path cfq = created(Map.of("blkio", mount("blkio2", Map.of("cgroup.procs", "", "blkio.weight", "100",
                "blkio.bfq.weight", "100")))).get("blkio");
        apply(Map.of("blkio", cfq), "{'blockIO': {'weight': 500}}");
        assertEquals(List.of("blkio.weight=500"), fs.writes(cfq));
    }

    @Test
    void hugetlbGoesToItsV1Hierarchy() {
        Path h = created(Map.of("hugetlb", mount("hugetlb", "hugetlb"))).get("hugetlb");
        apply(Map.of("hugetlb", h), "{'hugepageLimits': [{'pageSize': '2MB', 'limit': 209715200}]}");
        assertEquals(List.of("hugetlb.2MB.limit_in_bytes=209715200"), fs.writes(h));
    }

    @Test
    void hugetlbFallsBackToTheUnifiedHierarchyOfAHybridHost() {
        Path mount = tmp.resolve("unified");
        fs.v2(mount, "hugetlb", "pids");
        Map<String, Path> p = new LinkedHashMap<>();
        p.put("memory", mount("memory", "memory"));
        p.put("unified", mount.resolve("jrun/c1"));
        CgroupV1Manager m = new CgroupV1Manager(p, mount, fs);
        assertEquals(CgroupMode.HYBRID, m.mode());
        m.create();
        assertFalse(Files.exists(p.get("unified").resolve("hugetlb.2MB.max")), "no controller handed down yet");
        m.apply(Resources.of("{'hugepageLimits': [{'pageSize': '2MB', 'limit': 209715200}]}"), ignored::add);
        assertEquals(List.of("cgroup.subtree_control=+hugetlb"), fs.writes(mount), "only hugetlb is handed down");
        assertEquals(List.of("cgroup.subtree_control=+hugetlb"), fs.writes(mount.resolve("jrun")));
        assertEquals(List.of("hugetlb.2MB.max=209715200"), fs.writes(p.get("unified")));
        assertFalse(Files.exists(p.get("unified").resolve("pids.max")));
    }

    @Test
    void nullResourcesChangeNothing() {
        Map<String, Path> p = host();
        new CgroupV1Manager(p, null, fs).apply(null, ignored::add);
        assertEquals(List.of(), fs.writes);
    }

    @Test
    void modeAndDirs() {
        Map<String, Path> p = host();
        CgroupV1Manager m = new CgroupV1Manager(p, null, fs);
        assertEquals(CgroupMode.LEGACY, m.mode());
        assertEquals(List.copyOf(p.values()), m.dirs());
        assertEquals(p.get("cpu,cpuacct"), m.dir("cpuacct"));
        assertNull(m.dir("hugetlb"));
    }

    @Test
    void pidsAreReadFromThePidsHierarchy() throws IOException {
        Map<String, Path> p = host();
        Files.writeString(p.get("memory").resolve("cgroup.procs"), "1\n");
        Files.writeString(p.get("pids").resolve("cgroup.procs"), "7\n8\n");
        assertEquals(List.of(7, 8), new CgroupV1Manager(p, null, fs).pids());
    }

    @Test
    void destroyRemovesTheCgroupsWithTheirFiles() {
        Map<String, Path> p = host();
        CgroupV1Manager m = new CgroupV1Manager(p, null, fs);
        m.apply(Resources.of("{'pids': {'limit': 3}, 'devices': [{'allow': false, 'access': 'rwm'}]}"), ignored::add);
        m.destroy(p.values().stream().map(Path::getParent).toList());
        for (Path root : p.values().stream().map(d -> d.getParent().getParent()).toList()) {
            assertTrue(Files.isDirectory(root));
            assertFalse(Files.exists(root.resolve("jrun")), root.toString());
        }
    }

    // ---- freezer ----

    @Test
    void freezeThawAndIsFrozen() {
        Map<String, Path> p = host();
        Path state = p.get("freezer").resolve("freezer.state");
        CgroupV1Manager m = new CgroupV1Manager(p, null, fs);
        assertFalse(m.isFrozen());
        m.freeze();
        assertEquals("FROZEN", read(state));
        assertTrue(m.isFrozen());
        m.thaw();
        assertEquals("THAWED", read(state));
        assertFalse(m.isFrozen());
        assertEquals(List.of("freezer.state=FROZEN", "freezer.state=THAWED"), fs.writes(p.get("freezer")));
    }

    @Test
    void freezeWaitsWhileTheKernelIsFreezing() throws InterruptedException {
        Map<String, Path> p = host();
        fs.freezesAtOnce = false;
        Thread kernel = Thread.ofVirtual().start(() -> {
            try {
                while (fs.writes.isEmpty()) {
                    Thread.sleep(5);
                }
                Thread.sleep(50);
                fs.settleFreezer(p.get("freezer"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CgroupV1Manager m = new CgroupV1Manager(p, null, fs);
        m.freeze();
        assertEquals("FROZEN", read(p.get("freezer").resolve("freezer.state")));
        kernel.join(5000);
    }

    @Test
    void freezingCountsAsFrozen() throws IOException {
        Map<String, Path> p = host();
        fs.freezesAtOnce = false;
        fs.write(p.get("freezer").resolve("freezer.state"), "FROZEN");
        assertEquals("FREEZING", read(p.get("freezer").resolve("freezer.state")));
        assertTrue(new CgroupV1Manager(p, null, fs).isFrozen());
    }

    @Test
    void withoutAFreezer() {
        Map<String, Path> p = host();
        p.remove("freezer");
        CgroupV1Manager m = new CgroupV1Manager(p, null, fs);
        assertFalse(m.isFrozen());
        assertThrows(CgroupException.class, m::freeze);
        assertThrows(CgroupException.class, m::thaw);
    }

    // ---- stats ----

    @Test
    void statsFromTheV1Files() {
        Map<String, Path> p = new LinkedHashMap<>();
        p.put("cpu,cpuacct", dir("cpu,cpuacct", "cpuacct.usage", "123456789\n", "cpuacct.usage_percpu", "100 200 \n",
                "cpuacct.stat", "user 150\nsystem 50\n", "cpu.stat", "nr_periods 10\nnr_throttled 2\nthrottled_time 3000000\n"));
        p.put("memory", dir("memory", "memory.limit_in_bytes", "67108864\n", "memory.usage_in_bytes", "4096000\n",
                "memory.max_usage_in_bytes", "5000000\n", "memory.failcnt", "3\n",
                "memory.memsw.limit_in_bytes", "134217728\n", "memory.memsw.usage_in_bytes", "4100000\n",
                "memory.kmem.usage_in_bytes", "12345\n",
                "memory.stat", "cache 1000\nrss 2000\ntotal_cache 1500\n",
                "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n"));
        p.put("pids", dir("pids", "pids.current", "3\n", "pids.max", "max\n"));
        p.put("blkio", dir("blkio", "blkio.throttle.io_service_bytes_recursive",
                "8:0 Read 4096\n8:0 Write 8192\n8:0 Total 12288\nTotal 12288\n",
                "blkio.throttle.io_serviced_recursive", "8:0 Read 1\n8:0 Write 2\nTotal 3\n"));
        CgroupStats s = new CgroupV1Manager(p, null, fs).stats();

        assertEquals(new CgroupStats.CpuUsage(123456789, List.of(100L, 200L), 500_000_000L, 1_500_000_000L), s.cpu().usage());
        assertEquals(new CgroupStats.Throttling(10, 2, 3000000), s.cpu().throttling());
        assertEquals(1500, s.memory().cache(), "total_cache wins over cache");
        assertEquals(new CgroupStats.MemoryEntry(67108864, 4096000, 5000000, 3), s.memory().usage());
        assertEquals(134217728, s.memory().swap().limit());
        assertEquals(4100000, s.memory().swap().usage());
        assertEquals(12345, s.memory().kernel().usage());
        assertEquals(2000, s.memory().raw().get("rss"));
        assertEquals(Map.of("oom_kill", 2L), s.memory().eventCount());
        assertEquals(3, s.pids().current());
        assertEquals(0, s.pids().limit(), "max reads as 0: no limit, as runc reports it");
        assertEquals(List.of(new CgroupStats.BlkioEntry(8, 0, "Read", 4096), new CgroupStats.BlkioEntry(8, 0, "Write", 8192),
                new CgroupStats.BlkioEntry(8, 0, "Total", 12288)), s.blkio().ioServiceBytesRecursive());
        assertEquals(List.of(new CgroupStats.BlkioEntry(8, 0, "Read", 1), new CgroupStats.BlkioEntry(8, 0, "Write", 2)),
                s.blkio().ioServicedRecursive());
        assertEquals(Map.of(), s.hugetlb());
    }

    @Test
    void statsOfControllersThatAreMissing() {
        CgroupStats s = new CgroupV1Manager(Map.of("memory", dir("memory")), null, fs).stats();
        assertNull(s.cpu());
        assertNull(s.pids());
        assertNull(s.blkio());
        assertEquals(new CgroupStats.MemoryEntry(0, 0, 0, 0), s.memory().usage(), "missing files read as 0");
        assertEquals(0, s.memory().cache());
    }

    @Test
    void cpuStatsWithCpuButNoCpuacct() {
        CgroupStats s = new CgroupV1Manager(Map.of("cpu", dir("cpu", "cpu.stat", "nr_periods 4\nnr_throttled 1\nthrottled_time 9\n")),
                null, fs).stats();
        assertEquals(0, s.cpu().usage().total());
        assertEquals(new CgroupStats.Throttling(4, 1, 9), s.cpu().throttling());
    }

    @Test
    void hugetlbStatsPerPageSize() {
        Path h = dir("hugetlb", "hugetlb.2MB.usage_in_bytes", "4096\n", "hugetlb.2MB.max_usage_in_bytes", "8192\n",
                "hugetlb.2MB.failcnt", "1\n", "hugetlb.2MB.limit_in_bytes", V1_UNLIMITED + "\n",
                "hugetlb.1GB.usage_in_bytes", "0\n");
        Map<String, CgroupStats.Hugetlb> stats = new CgroupV1Manager(Map.of("hugetlb", h), null, fs).stats().hugetlb();
        assertEquals(Map.of("2MB", new CgroupStats.Hugetlb(4096, 8192, 1), "1GB", new CgroupStats.Hugetlb(0, 0, 0)), stats);
    }

    @Test
    void oomKillsFromOomControl() throws IOException {
        Map<String, Path> p = host();
        CgroupV1Manager m = new CgroupV1Manager(p, null, fs);
        assertEquals(0, m.oomKills());
        Files.writeString(p.get("memory").resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 1\noom_kill 4\n");
        assertEquals(4, m.oomKills());
        assertEquals(0, new CgroupV1Manager(Map.of("pids", p.get("pids")), null, fs).oomKills(), "no memory hierarchy");
    }

    @Test
    void applyOfResourcesWithEmptyDevicesListsNoRules() {
        Map<String, Path> p = host();
        LinuxResources r = LinuxResources.ofDevices(List.of());
        new CgroupV1Manager(p, null, fs).apply(r, ignored::add);
        assertEquals(List.of(), fs.writes);
    }
}
