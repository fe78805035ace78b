package io.jrun.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.CgroupException;
import io.jrun.error.InvalidSpecException;
import io.jrun.testing.KernelCgroupFs;
import io.jrun.testing.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cgroup2 is mounted on a temp dir served by {@link KernelCgroupFs}: a cgroup gets the files of the
 * controllers its parent hands down, and every write is logged. Stats read files written as the
 * kernel shows them.
 */
class CgroupV2ManagerTest {
    @TempDir
    Path tmp;

    private final KernelCgroupFs fs = new KernelCgroupFs();
    private final List<String> ignored = new ArrayList<>();

    private static Path write(Path dir, String... files) {
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < files.length; i += 2) {
                Files.writeString(dir.resolve(files[i]), files[i + 1]);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String read(Path file) {
        return fs.read(file).orElseThrow();
    }

    /** cgroup2 at tmp/cg, its root offering these controllers. */
    private Path mount(String... controllers) {
        fs.v2(tmp.resolve("cg"), controllers);
        return tmp.resolve("cg");
    }

    /** The container's cgroup cg/c1, made by create with every controller handed down; the log starts empty. */
    private CgroupV2Manager created() {
        Path mount = mount("cpuset", "cpu", "io", "memory", "pids");
        CgroupV2Manager m = new CgroupV2Manager(mount.resolve("c1"), mount, fs);
        m.create();
        fs.writes.clear();
        return m;
    }

    // ---- create ----

    @Test
    void createEnablesTheAvailableControllersInEachAncestor() throws IOException {
        Path mount = mount("cpuset", "cpu", "io", "memory", "pids");
        fs.write(mount.resolve("cgroup.subtree_control"), "+cpu +pids");
        Path parent = mount.resolve("kubepods");
        fs.mkdir(parent);
        fs.writes.clear();
        Path dir = parent.resolve("c1");
        CgroupV2Manager m = new CgroupV2Manager(dir, mount, fs);
        assertEquals(List.of(dir), m.create());
        assertEquals(List.of("cgroup.subtree_control=+cpuset +io +memory"), fs.writes(mount), "cpu and pids were on already");
        // kubepods is offered what the root now hands down, and hands all of it down in turn
        assertEquals(List.of("cgroup.subtree_control=+cpuset +cpu +io +memory +pids"), fs.writes(parent));
        assertEquals(List.of(), fs.writes(dir), "the container's own is left alone");
        assertEquals("cpuset cpu io memory pids", read(dir.resolve("cgroup.controllers")));
        assertTrue(Files.exists(dir.resolve("memory.max")));
    }

    @Test
    void onlyTheControllersAParentIsOfferedAreHandedDown() throws IOException {
        Path mount = mount("cpu", "pids");
        CgroupV2Manager m = new CgroupV2Manager(mount.resolve("jrun/c1"), mount, fs);
        m.create();
        assertEquals(List.of("cgroup.subtree_control=+cpu +pids"), fs.writes(mount.resolve("jrun")));
        assertTrue(Files.exists(m.dir().resolve("pids.max")));
        assertFalse(Files.exists(m.dir().resolve("memory.max")), "memory is not offered on this host");
    }

    @Test
    void nothingIsWrittenWhereEverythingIsEnabled() throws IOException {
        Path mount = mount("cpu", "memory");
        fs.write(mount.resolve("cgroup.subtree_control"), "+memory +cpu");
        fs.writes.clear();
        new CgroupV2Manager(mount.resolve("c1"), mount, fs).create();
        assertEquals(List.of(), fs.writes);
        assertEquals("cpu memory", read(mount.resolve("c1/cgroup.controllers")));
    }

    @Test
    void eachNewDirectorysParentHandsItsControllersDown() {
        Path mount = mount("cpu", "memory");
        Path dir = mount.resolve("jrun/c1");
        CgroupV2Manager m = new CgroupV2Manager(dir, mount, fs);
        assertEquals(List.of(mount.resolve("jrun"), dir), m.create());
        assertEquals(List.of("cgroup.subtree_control=+cpu +memory"), fs.writes(mount));
        assertEquals(List.of("cgroup.subtree_control=+cpu +memory"), fs.writes(mount.resolve("jrun")));
        assertEquals("cpu memory", read(dir.resolve("cgroup.controllers")));
        assertEquals("max", read(dir.resolve("memory.max")));
    }

    @Test
    void withoutAMountPointNoControllerIsTouched() {
        Path root = mount("cpu", "memory");
        new CgroupV2Manager(root.resolve("c1"), null, fs).create();
        assertEquals(List.of(), fs.writes);
        assertTrue(Files.isDirectory(root.resolve("c1")));
        assertFalse(Files.exists(root.resolve("c1/memory.max")));
    }

    @Test
    void aParentWithProcessesCannotHandControllersDown() throws IOException {
        Path mount = mount("cpu", "memory");
        fs.mkdir(mount.resolve("busy"));
        Files.writeString(mount.resolve("busy/cgroup.procs"), "1234\n");
        CgroupV2Manager m = new CgroupV2Manager(mount.resolve("busy/c1"), mount, fs);
        CgroupException e = assertThrows(CgroupException.class, m::create);
        assertTrue(e.getMessage().contains("device or resource busy (a cgroup v2 cgroup with processes"), e.getMessage());
    }

    @Test
    void destroyRemovesTheCgroupWithItsFiles() throws IOException {
        Path mount = mount("cpu", "memory");
        CgroupV2Manager m = new CgroupV2Manager(mount.resolve("jrun/c1"), mount, fs);
        List<Path> made = m.create();
        fs.mkdir(mount.resolve("jrun/c1/inner")); // a cgroup the container made itself
        m.destroy(made);
        assertFalse(Files.exists(mount.resolve("jrun")));
        assertEquals("cpu memory", read(mount.resolve("cgroup.subtree_control")), "the root keeps handing down");
    }

    @Test
    void modePathsAndDirs() {
        Path dir = tmp.resolve("cg/c1");
        CgroupV2Manager m = new CgroupV2Manager(dir, null, fs);
        assertEquals(CgroupMode.UNIFIED, m.mode());
        assertEquals(Map.of("unified", dir), m.paths());
        assertEquals(List.of(dir), m.dirs());
    }

    // ---- apply ----

    @Test
    void applyWritesTheV2Files() {
        CgroupV2Manager m = created();
        m.apply(Resources.of("""
                {'memory': {'limit': 67108864, 'swap': 134217728, 'swappiness': 10},
                 'cpu': {'shares': 1024, 'quota': 50000, 'period': 100000},
                 'pids': {'limit': 10},
                 'blockIO': {'weight': 1000}}"""), ignored::add);
        assertEquals(List.of("cpu.weight=39", "cpu.max=50000 100000", "memory.swap.max=67108864", "memory.max=67108864",
                "pids.max=10", "io.weight=default 10000"), fs.writes(m.dir()));
        assertEquals("67108864", read(m.dir().resolve("memory.max")));
        assertEquals(List.of("linux.resources.memory.swappiness"), ignored);
    }

    @Test
    void bfqWhenOnlyIoBfqWeightExists() {
        Map<String, String> bfqOnly = KernelCgroupFs.v2Files();
        bfqOnly.remove("io.weight");
        bfqOnly.put("io.bfq.weight", "default 100");
        Path mount = tmp.resolve("cg");
        fs.v2(mount, bfqOnly, "io");
        CgroupV2Manager m = new CgroupV2Manager(mount.resolve("c1"), mount, fs);
        m.create();
        m.apply(Resources.of("{'blockIO': {'weight': 500}}"), ignored::add);
        assertEquals(List.of("io.bfq.weight=500"), fs.writes(m.dir()));
        assertFalse(Files.exists(m.dir().resolve("io.weight")));
    }

    @Test
    void aRefusedSettingWritesNothing() {
        CgroupV2Manager m = created();
        assertThrows(InvalidSpecException.class,
                () -> m.apply(Resources.of("{'pids': {'limit': 5}, 'unified': {'../pids.max': '1'}}"), ignored::add));
        assertEquals(List.of(), fs.writes, "validated before the first write");
    }

    @Test
    void aUnifiedKeyTheKernelLacksIsNotSupported() {
        CgroupV2Manager m = created();
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.apply(Resources.of("{'unified': {'memory.oom.group': '1'}}"), ignored::add));
        assertTrue(e.getMessage().startsWith("linux.resources.unified[\"memory.oom.group\"]: not supported on this host"),
                e.getMessage());
        assertFalse(Files.exists(m.dir().resolve("memory.oom.group")));
    }

    // ---- freezer ----

    @Test
    void freezeAndThawWriteCgroupFreezeAndReadTheEvents() {
        CgroupV2Manager m = created();
        assertFalse(m.isFrozen());
        m.freeze();
        assertTrue(m.isFrozen());
        assertEquals("populated 0\nfrozen 1", read(m.dir().resolve("cgroup.events")));
        m.thaw();
        assertFalse(m.isFrozen());
        assertEquals(List.of("cgroup.freeze=1", "cgroup.freeze=0"), fs.writes(m.dir()));
    }

    @Test
    void freezeWaitsUntilTheKernelReportsFrozen() throws Exception {
        CgroupV2Manager m = created();
        fs.freezesAtOnce = false;
        Thread kernel = Thread.ofVirtual().start(() -> {
            try {
                while (fs.writes.isEmpty()) {
                    Thread.sleep(5);
                }
                Thread.sleep(50);
                fs.settleFreezer(m.dir());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        m.freeze();
        assertTrue(m.isFrozen());
        kernel.join(5000);
    }

    @Test
    void isFrozenReadsCgroupEvents() {
        Path dir = tmp.resolve("cg/c1");
        CgroupV2Manager m = new CgroupV2Manager(dir, null, fs);
        assertFalse(m.isFrozen(), "no cgroup");
        write(dir, "cgroup.events", "populated 0\nfrozen 0\n");
        assertFalse(m.isFrozen());
        write(dir, "cgroup.events", "populated 1\nfrozen 1\n");
        assertTrue(m.isFrozen());
    }

    // ---- stats ----

    @Test
    void statsFromTheV2Files() {
        Path dir = write(tmp.resolve("cg/c1"),
                "cpu.stat", "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 10\nnr_throttled 2\nthrottled_usec 300\n",
                "memory.current", "4096\n", "memory.max", "max\n", "memory.peak", "8192\n",
                "memory.events", "low 0\nhigh 0\nmax 5\noom 1\noom_kill 1\n",
                "memory.swap.current", "1024\n", "memory.swap.max", "67108864\n",
                "memory.stat", "anon 1000\nfile 2000\nkernel 300\n",
                "pids.current", "3\n", "pids.max", "10\n",
                "io.stat", "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n8:16 rbytes=1 wbytes=0 rios=1 wios=0\n",
                "hugetlb.2MB.current", "2097152\n", "hugetlb.2MB.max", "max\n", "hugetlb.2MB.events", "max 4\n");
        CgroupStats s = new CgroupV2Manager(dir, null, fs).stats();

        assertEquals(new CgroupStats.CpuUsage(1_500_000, List.of(), 500_000, 1_000_000), s.cpu().usage(), "usec to ns");
        assertEquals(new CgroupStats.Throttling(10, 2, 300_000), s.cpu().throttling());
        assertEquals(2000, s.memory().cache(), "file pages");
        assertEquals(new CgroupStats.MemoryEntry(-1, 4096, 8192, 5), s.memory().usage());
        assertEquals(new CgroupStats.MemoryEntry(67108864, 1024, 0, 0), s.memory().swap());
        assertEquals(300, s.memory().kernel().usage());
        assertEquals(1000, s.memory().raw().get("anon"));
        assertEquals(1, s.memory().eventCount().get("oom_kill"));
        assertEquals(new CgroupStats.Pids(3, 10), s.pids());
        assertEquals(List.of(new CgroupStats.BlkioEntry(8, 0, "Read", 4096), new CgroupStats.BlkioEntry(8, 0, "Write", 8192),
                new CgroupStats.BlkioEntry(8, 16, "Read", 1), new CgroupStats.BlkioEntry(8, 16, "Write", 0)),
                s.blkio().ioServiceBytesRecursive());
        assertEquals(List.of(new CgroupStats.BlkioEntry(8, 0, "Read", 1), new CgroupStats.BlkioEntry(8, 0, "Write", 2),
                new CgroupStats.BlkioEntry(8, 16, "Read", 1), new CgroupStats.BlkioEntry(8, 16, "Write", 0)),
                s.blkio().ioServicedRecursive());
        assertEquals(Map.of("2MB", new CgroupStats.Hugetlb(2097152, -1, 4)), s.hugetlb());
    }

    @Test
    void statsOfAnEmptyCgroupAreZeros() {
        CgroupStats s = new CgroupV2Manager(write(tmp.resolve("cg/c1")), null, fs).stats();
        assertEquals(0, s.cpu().usage().total());
        assertEquals(new CgroupStats.MemoryEntry(0, 0, 0, 0), s.memory().usage());
        assertEquals(new CgroupStats.Pids(0, 0), s.pids());
        assertEquals(List.of(), s.blkio().ioServiceBytesRecursive());
        assertEquals(Map.of(), s.hugetlb());
    }

    @Test
    void oomKillsFromMemoryEvents() {
        Path dir = write(tmp.resolve("cg/c1"), "memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
        CgroupV2Manager m = new CgroupV2Manager(dir, null, fs);
        assertEquals(0, m.oomKills());
        write(dir, "memory.events", "low 0\nhigh 0\nmax 9\noom 3\noom_kill 2\n");
        assertEquals(2, m.oomKills());
    }

    @Test
    void pidsFromCgroupProcs() {
        Path dir = write(tmp.resolve("cg/c1"), "cgroup.procs", "42\n43\n");
        assertEquals(List.of(42, 43), new CgroupV2Manager(dir, null, fs).pids());
    }
}
