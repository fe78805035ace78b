package io.jrun.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A temp dir stands in for cgroupfs: mkdir and rmdir behave alike on empty directories. */
class FsCgroupManagerTest {
    @TempDir
    Path fs;

    @Test
    void createMakesMissingDirectoriesParentsFirst() throws IOException {
        Files.createDirectories(fs.resolve("user.slice"));
        Path dir = fs.resolve("user.slice/jrun/pods/c1");
        CgroupManager m = new CgroupV2Manager(dir);
        assertEquals(List.of(fs.resolve("user.slice/jrun"), fs.resolve("user.slice/jrun/pods"), dir), m.create());
        assertTrue(Files.isDirectory(dir));
        assertEquals(List.of(), m.create(), "nothing left to make");
    }

    @Test
    void createInEveryHierarchy() throws IOException {
        Path cpu = fs.resolve("cpu/jrun/c1");
        Path mem = fs.resolve("memory/sub/jrun/c1");
        Files.createDirectories(fs.resolve("cpu/jrun"));
        Files.createDirectories(fs.resolve("memory/sub"));
        CgroupManager m = new CgroupV1Manager(List.of(cpu, mem));
        assertEquals(List.of(cpu, fs.resolve("memory/sub/jrun"), mem), m.create());
    }

    @Test
    void destroyRemovesTheContainerAndTheParentsItMade() throws IOException {
        Files.createDirectories(fs.resolve("user.slice"));
        Path dir = fs.resolve("user.slice/jrun/c1");
        CgroupManager m = new CgroupV2Manager(dir);
        List<Path> made = m.create();
        Files.createDirectories(dir.resolve("inner/deeper")); // cgroups the container made itself
        m.destroy(made);
        assertFalse(Files.exists(fs.resolve("user.slice/jrun")));
        assertTrue(Files.isDirectory(fs.resolve("user.slice")), "not made by jrun: kept");
    }

    @Test
    void destroyKeepsParentsThatStillHaveOtherChildren() throws IOException {
        Files.createDirectories(fs.resolve("user.slice"));
        CgroupManager c1 = new CgroupV2Manager(fs.resolve("user.slice/jrun/c1"));
        List<Path> made1 = c1.create();
        CgroupManager c2 = new CgroupV2Manager(fs.resolve("user.slice/jrun/c2"));
        List<Path> made2 = c2.create();
        assertEquals(List.of(fs.resolve("user.slice/jrun/c2")), made2);
        c1.destroy(made1);
        assertFalse(Files.exists(fs.resolve("user.slice/jrun/c1")));
        assertTrue(Files.isDirectory(fs.resolve("user.slice/jrun/c2")));
        c2.destroy(made2);
        assertTrue(Files.isDirectory(fs.resolve("user.slice/jrun")), "c2 did not make jrun");
    }

    @Test
    void destroyKeepsEmptyParentsItDidNotMake() throws IOException {
        Path dir = fs.resolve("existing/jrun/c1");
        Files.createDirectories(dir.getParent());
        CgroupManager m = new CgroupV2Manager(dir);
        m.destroy(m.create());
        assertFalse(Files.exists(dir));
        assertTrue(Files.isDirectory(fs.resolve("existing/jrun")));
    }

    @Test
    void destroyOfAMissingCgroupIsFine() {
        CgroupManager m = new CgroupV1Manager(List.of(fs.resolve("a/c1"), fs.resolve("b/c1")));
        m.destroy(List.of(fs.resolve("a"), fs.resolve("a/c1")));
        assertTrue(Files.isDirectory(fs));
    }

    @Test
    void pidsReadsCgroupProcs() throws IOException {
        Path dir = Files.createDirectories(fs.resolve("c1"));
        CgroupManager m = new CgroupV1Manager(List.of(dir, fs.resolve("other")));
        assertEquals(List.of(), m.pids(), "no cgroup.procs yet");
        Files.writeString(dir.resolve("cgroup.procs"), "12\n345\n\n  6789 \n");
        assertEquals(List.of(12, 345, 6789), m.pids());
    }

    @Test
    void v1CopiesBlankCpusetFilesFromTheParent() throws IOException {
        Path root = Files.createDirectories(fs.resolve("cpuset"));
        Files.writeString(root.resolve("cpuset.cpus"), "0-3\n");
        Files.writeString(root.resolve("cpuset.mems"), "0\n");
        CgroupV1Manager m = new CgroupV1Manager(List.of(root.resolve("jrun/c1")));
        // The kernel gives each new cpuset directory empty cpuset files; simulate that by hand.
        Path jrun = Files.createDirectories(root.resolve("jrun"));
        Files.writeString(jrun.resolve("cpuset.cpus"), "\n");
        Files.writeString(jrun.resolve("cpuset.mems"), "");
        m.initialize(jrun);
        assertEquals("0-3", Files.readString(jrun.resolve("cpuset.cpus")));
        assertEquals("0", Files.readString(jrun.resolve("cpuset.mems")));
        Path c1 = Files.createDirectories(jrun.resolve("c1"));
        Files.writeString(c1.resolve("cpuset.cpus"), "");
        Files.writeString(c1.resolve("cpuset.mems"), "");
        m.initialize(c1);
        assertEquals("0-3", Files.readString(c1.resolve("cpuset.cpus")));
        assertEquals("0", Files.readString(c1.resolve("cpuset.mems")));
    }

    @Test
    void v1KeepsCpusetValuesThatAreSet() throws IOException {
        Path root = Files.createDirectories(fs.resolve("cpuset"));
        Files.writeString(root.resolve("cpuset.cpus"), "0-3\n");
        Files.writeString(root.resolve("cpuset.mems"), "0\n");
        Path c1 = Files.createDirectories(root.resolve("c1"));
        Files.writeString(c1.resolve("cpuset.cpus"), "1\n");
        Files.writeString(c1.resolve("cpuset.mems"), "");
        new CgroupV1Manager(List.of(c1)).initialize(c1);
        assertEquals("1\n", Files.readString(c1.resolve("cpuset.cpus")));
        assertEquals("0", Files.readString(c1.resolve("cpuset.mems")));
    }

    @Test
    void v1LeavesOtherControllersAlone() throws IOException {
        Path mem = Files.createDirectories(fs.resolve("memory/c1"));
        new CgroupV1Manager(List.of(mem)).initialize(mem);
        try (var files = Files.list(mem)) {
            assertEquals(0, files.count(), "no cpuset files created where there were none");
        }
        CgroupManager m = new CgroupV1Manager(List.of(fs.resolve("memory/c2")));
        assertEquals(List.of(fs.resolve("memory/c2")), m.create());
    }

    @Test
    void v2DoesNotTouchCpuset() throws IOException {
        Path root = Files.createDirectories(fs.resolve("unified"));
        Files.writeString(root.resolve("cpuset.cpus"), "0-3\n");
        CgroupV2Manager m = new CgroupV2Manager(root.resolve("c1"));
        Path c1 = Files.createDirectories(root.resolve("c1"));
        Files.writeString(c1.resolve("cpuset.cpus"), "");
        m.initialize(c1);
        assertEquals("", Files.readString(c1.resolve("cpuset.cpus")));
    }
}
