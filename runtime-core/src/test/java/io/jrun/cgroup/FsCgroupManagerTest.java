package io.jrun.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.testing.KernelCgroupFs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What both versions share, on hierarchies mounted on a temp dir served by {@link KernelCgroupFs}:
 * cgroups come with their files, and rmdir takes them along but refuses a cgroup in use.
 */
class FsCgroupManagerTest {
    @TempDir
    Path tmp;

    private final KernelCgroupFs fs = new KernelCgroupFs();

    /** v1 paths keyed by hierarchy, in the order given. */
    static Map<String, Path> v1(Object... keysAndDirs) {
        Map<String, Path> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndDirs.length; i += 2) {
            m.put((String) keysAndDirs[i], (Path) keysAndDirs[i + 1]);
        }
        return m;
    }

    /** cgroup2 at tmp/cg with a user.slice cgroup; no controller offered. */
    private Path unified() throws IOException {
        Path root = tmp.resolve("cg");
        fs.v2(root);
        fs.mkdir(root.resolve("user.slice"));
        return root;
    }

    @Test
    void createMakesMissingDirectoriesParentsFirst() throws IOException {
        Path dir = unified().resolve("user.slice/jrun/pods/c1");
        CgroupManager m = new CgroupV2Manager(dir, null, fs);
        Path slice = dir.getParent().getParent().getParent();
        assertEquals(List.of(slice.resolve("jrun"), slice.resolve("jrun/pods"), dir), m.create());
        assertTrue(Files.isDirectory(dir));
        assertTrue(Files.exists(dir.resolve("cgroup.procs")), "made by mkdir, with its files");
        assertEquals(List.of(), m.create(), "nothing left to make");
    }

    @Test
    void createInEveryHierarchy() throws IOException {
        fs.v1(tmp.resolve("cpu"), "cpu").v1(tmp.resolve("memory"), "memory");
        fs.mkdir(tmp.resolve("cpu/jrun"));
        fs.mkdir(tmp.resolve("memory/sub"));
        Path cpu = tmp.resolve("cpu/jrun/c1");
        Path mem = tmp.resolve("memory/sub/jrun/c1");
        CgroupManager m = new CgroupV1Manager(v1("cpu", cpu, "memory", mem), null, fs);
        assertEquals(List.of(cpu, tmp.resolve("memory/sub/jrun"), mem), m.create());
        assertTrue(Files.exists(cpu.resolve("cpu.shares")));
        assertTrue(Files.exists(mem.resolve("memory.limit_in_bytes")));
    }

    @Test
    void destroyRemovesTheContainerAndTheParentsItMade() throws IOException {
        Path slice = unified().resolve("user.slice");
        Path dir = slice.resolve("jrun/c1");
        CgroupManager m = new CgroupV2Manager(dir, null, fs);
        List<Path> made = m.create();
        fs.mkdir(dir.resolve("inner")); // cgroups the container made itself
        fs.mkdir(dir.resolve("inner/deeper"));
        m.destroy(made);
        assertFalse(Files.exists(slice.resolve("jrun")));
        assertTrue(Files.isDirectory(slice), "not made by jrun: kept");
    }

    @Test
    void destroyKeepsParentsThatStillHaveOtherChildren() throws IOException {
        Path slice = unified().resolve("user.slice");
        CgroupManager c1 = new CgroupV2Manager(slice.resolve("jrun/c1"), null, fs);
        List<Path> made1 = c1.create();
        CgroupManager c2 = new CgroupV2Manager(slice.resolve("jrun/c2"), null, fs);
        List<Path> made2 = c2.create();
        assertEquals(List.of(slice.resolve("jrun/c2")), made2);
        c1.destroy(made1);
        assertFalse(Files.exists(slice.resolve("jrun/c1")));
        assertTrue(Files.isDirectory(slice.resolve("jrun/c2")));
        c2.destroy(made2);
        assertTrue(Files.isDirectory(slice.resolve("jrun")), "c2 did not make jrun");
    }

    @Test
    void destroyKeepsEmptyParentsItDidNotMake() throws IOException {
        Path root = unified();
        fs.mkdir(root.resolve("existing"));
        fs.mkdir(root.resolve("existing/jrun"));
        Path dir = root.resolve("existing/jrun/c1");
        CgroupManager m = new CgroupV2Manager(dir, null, fs);
        m.destroy(m.create());
        assertFalse(Files.exists(dir));
        assertTrue(Files.isDirectory(root.resolve("existing/jrun")));
    }

    @Test
    void destroyOfAMissingCgroupIsFine() {
        fs.v1(tmp.resolve("a"), "cpu").v1(tmp.resolve("b"), "memory");
        CgroupManager m = new CgroupV1Manager(v1("cpu", tmp.resolve("a/c1"), "memory", tmp.resolve("b/c1")), null, fs);
        m.destroy(List.of(tmp.resolve("a/jrun"), tmp.resolve("a/c1")));
        assertTrue(Files.isDirectory(tmp.resolve("a")));
    }

    @Test
    void destroyFailsWhileAProcessIsLeft() throws IOException {
        Path dir = unified().resolve("user.slice/c1");
        CgroupManager m = new CgroupV2Manager(dir, null, fs);
        List<Path> made = m.create();
        Files.writeString(dir.resolve("cgroup.procs"), "4242\n");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> m.destroy(made));
        assertEquals("remove cgroup " + dir, e.getMessage());
        assertTrue(e.getCause().getMessage().endsWith("Device or resource busy"), e.getCause().getMessage());
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void pidsReadsCgroupProcs() throws IOException {
        fs.v1(tmp.resolve("cpu"), "cpu").v1(tmp.resolve("memory"), "memory");
        Path dir = tmp.resolve("cpu/c1");
        CgroupManager m = new CgroupV1Manager(v1("cpu", dir, "memory", tmp.resolve("memory/c1")), null, fs);
        assertEquals(List.of(), m.pids(), "no cgroup yet");
        m.create();
        assertEquals(List.of(), m.pids(), "an empty cgroup.procs");
        Files.writeString(dir.resolve("cgroup.procs"), "12\n345\n\n  6789 \n");
        assertEquals(List.of(12, 345, 6789), m.pids());
    }

    // ---- v1 cpuset: a new cpuset has no cpus and no mems, and nothing can join it ----

    /** The cpuset hierarchy at tmp/cpuset, its root holding cpus 0-3 and mem node 0. */
    private Path cpusetRoot() throws IOException {
        Path root = tmp.resolve("cpuset");
        fs.v1(root, "cpuset");
        Files.writeString(root.resolve("cpuset.cpus"), "0-3\n");
        Files.writeString(root.resolve("cpuset.mems"), "0\n");
        return root;
    }

    @Test
    void v1CopiesBlankCpusetFilesFromTheParent() throws IOException {
        Path root = cpusetRoot();
        new CgroupV1Manager(v1("cpuset", root.resolve("jrun/c1")), null, fs).create();
        assertEquals(List.of("cpuset.cpus=0-3", "cpuset.mems=0"), fs.writes(root.resolve("jrun")));
        assertEquals(List.of("cpuset.cpus=0-3", "cpuset.mems=0"), fs.writes(root.resolve("jrun/c1")));
        assertEquals("0-3", fs.read(root.resolve("jrun/c1/cpuset.cpus")).orElseThrow());
    }

    @Test
    void v1KeepsCpusetValuesThatAreSet() throws IOException {
        Path root = cpusetRoot();
        Path c1 = root.resolve("c1");
        fs.mkdir(c1);
        fs.write(c1.resolve("cpuset.cpus"), "1");
        fs.writes.clear();
        new CgroupV1Manager(v1("cpuset", c1), null, fs).initialize(c1);
        assertEquals(List.of("cpuset.mems=0"), fs.writes(c1));
        assertEquals("1", fs.read(c1.resolve("cpuset.cpus")).orElseThrow());
    }

    @Test
    void v1LeavesOtherControllersAlone() {
        fs.v1(tmp.resolve("memory"), "memory");
        CgroupManager m = new CgroupV1Manager(v1("memory", tmp.resolve("memory/c2")), null, fs);
        assertEquals(List.of(tmp.resolve("memory/c2")), m.create());
        assertEquals(List.of(), fs.writes);
        assertFalse(Files.exists(tmp.resolve("memory/c2/cpuset.cpus")), "no cpuset files created where there were none");
    }

    @Test
    void v2DoesNotTouchCpuset() throws IOException {
        Path root = tmp.resolve("cg");
        fs.v2(root, "cpuset");
        fs.write(root.resolve("cgroup.subtree_control"), "+cpuset");
        Files.writeString(root.resolve("cpuset.cpus.effective"), "0-3\n");
        fs.writes.clear();
        CgroupV2Manager m = new CgroupV2Manager(root.resolve("c1"), null, fs);
        m.create();
        assertEquals(List.of(), fs.writes);
        assertEquals("", fs.read(root.resolve("c1/cpuset.cpus")).orElseThrow(), "v2 cpusets inherit: nothing to copy");
    }
}
