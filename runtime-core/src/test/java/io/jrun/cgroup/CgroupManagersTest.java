package io.jrun.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.InvalidSpecException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupManagersTest {
    private static final String MEM = "/sys/fs/cgroup/memory" + Hosts.MEMORY_PATH;

    private static List<Path> paths(String... p) {
        return java.util.Arrays.stream(p).map(Path::of).toList();
    }

    @Test
    void absentPathIsJrunSlashIdUnderTheCallersCgroup() {
        CgroupManager m = CgroupManagers.forContainer(Hosts.hybrid(), null, "c1");
        assertInstanceOf(CgroupV1Manager.class, m);
        assertEquals(paths("/sys/fs/cgroup/cpu/jrun/c1", "/sys/fs/cgroup/cpuacct/jrun/c1", "/sys/fs/cgroup/cpuset/jrun/c1",
                MEM + "/jrun/c1", "/sys/fs/cgroup/devices/jrun/c1", "/sys/fs/cgroup/freezer/jrun/c1",
                "/sys/fs/cgroup/blkio/jrun/c1", "/sys/fs/cgroup/pids/jrun/c1", "/sys/fs/cgroup/systemd/jrun/c1",
                "/sys/fs/cgroup/unified/jrun/c1"), m.dirs());
        assertEquals(m.dirs(), CgroupManagers.forContainer(Hosts.hybrid(), "", "c1").dirs());
    }

    @Test
    void absolutePathIsFromEachHierarchysRoot() {
        CgroupManager m = CgroupManagers.forContainer(Hosts.hybrid(), "/pods/../machine/x", "c1");
        assertEquals(Path.of("/sys/fs/cgroup/cpu/machine/x"), m.dirs().get(0));
        assertEquals(Path.of("/sys/fs/cgroup/memory/machine/x"), m.dirs().get(3));
        assertEquals(Path.of("/sys/fs/cgroup/unified/machine/x"), m.dirs().getLast());
    }

    @Test
    void relativePathIsUnderTheCallersCgroupInEachHierarchy() {
        CgroupManager m = CgroupManagers.forContainer(Hosts.hybrid(), "pods/x", "c1");
        assertEquals(Path.of("/sys/fs/cgroup/cpu/pods/x"), m.dirs().get(0));
        assertEquals(Path.of(MEM + "/pods/x"), m.dirs().get(3));
    }

    @Test
    void dotDotCannotClimbAboveTheCallersCgroup() {
        CgroupManager m = CgroupManagers.forContainer(Hosts.hybrid(), "../../../../x", "c1");
        assertEquals(Path.of(MEM + "/x"), m.dirs().get(3));
        assertEquals(Path.of("/sys/fs/cgroup/cpu/x"), m.dirs().get(0));
        CgroupManager v2 = CgroupManagers.forContainer(Hosts.unified(), "a/../../b", "c1");
        assertEquals(List.of(Path.of("/sys/fs/cgroup/user.slice/x/b")), v2.dirs());
    }

    @Test
    void aRootOrTheCallersOwnCgroupIsRefused() {
        // delete removes the container's cgroup tree: it must never be a root or jrun's own.
        for (String bad : new String[] {"/", ".", "..", "/process_api"}) {
            InvalidSpecException e = assertThrows(InvalidSpecException.class,
                    () -> CgroupManagers.forContainer(Hosts.hybrid(), bad, "c1"), bad);
            assertEquals("linux.cgroupsPath", e.field());
        }
        assertThrows(InvalidSpecException.class, () -> CgroupManagers.forContainer(Hosts.unified(), "/user.slice", "c1"));
    }

    @Test
    void emptyDirectoriesHaveNoPids() {
        assertEquals(List.of(), CgroupManagers.forDirs(List.of()).pids());
    }

    @Test
    void unifiedHostGetsOneV2Directory() {
        CgroupManager m = CgroupManagers.forContainer(Hosts.unified(), null, "c1");
        assertInstanceOf(CgroupV2Manager.class, m);
        assertEquals(paths("/sys/fs/cgroup/user.slice/x/jrun/c1"), m.dirs());
        assertEquals(paths("/sys/fs/cgroup/kubepods/p1"),
                CgroupManagers.forContainer(Hosts.unified(), "/kubepods/p1", "c1").dirs());
    }

    @Test
    void legacyCoMountedHierarchyIsOneDirectory() {
        CgroupManager m = CgroupManagers.forContainer(Hosts.legacy(), null, "c1");
        assertEquals(paths("/sys/fs/cgroup/systemd/user.slice/user-1000.slice/session-1.scope/jrun/c1",
                "/sys/fs/cgroup/cpu,cpuacct/user.slice/jrun/c1", "/sys/fs/cgroup/memory/user.slice/jrun/c1",
                "/sys/fs/cgroup/cpuset/jrun/c1"), m.dirs());
    }

    @Test
    void systemdFormIsRefused() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> CgroupManagers.forContainer(Hosts.unified(), "system.slice:jrun:c1", "c1"));
        assertEquals("linux.cgroupsPath", e.field());
        assertTrue(e.getMessage().startsWith("linux.cgroupsPath: \"system.slice:jrun:c1\" is in the systemd form"),
                e.getMessage());
    }

    @Test
    void forDirsPicksTheManagerByCount() {
        assertInstanceOf(CgroupV2Manager.class, CgroupManagers.forDirs(paths("/a")));
        CgroupManager v1 = CgroupManagers.forDirs(paths("/a", "/b"));
        assertInstanceOf(CgroupV1Manager.class, v1);
        assertEquals(paths("/a", "/b"), v1.dirs());
    }
}
