package io.jrun.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.InvalidSpecException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        assertEquals(List.of(), CgroupManagers.fromState(CgroupMode.LEGACY, Map.of()).pids());
    }

    @Test
    void unifiedHostGetsOneV2Directory() {
        // pure v2: the default is "/jrun/<id>" from the root (the caller's cgroup holds the caller)
        CgroupManager m = CgroupManagers.forContainer(Hosts.unified(), null, "c1");
        assertInstanceOf(CgroupV2Manager.class, m);
        assertEquals(CgroupMode.UNIFIED, m.mode());
        assertEquals(paths("/sys/fs/cgroup/jrun/c1"), m.dirs());
        assertEquals(Map.of("unified", Path.of("/sys/fs/cgroup/jrun/c1")), m.paths());
        assertEquals(paths("/sys/fs/cgroup/user.slice/x/jrun/c1"),
                CgroupManagers.forContainer(Hosts.unified(), "jrun/c1", "c1").dirs(), "relative: under the caller's cgroup");
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
    void fromStatePicksTheManagerByMode() {
        CgroupManager v2 = CgroupManagers.fromState(CgroupMode.UNIFIED, Map.of("unified", Path.of("/a")));
        assertInstanceOf(CgroupV2Manager.class, v2);
        assertEquals(paths("/a"), v2.dirs());
        Map<String, Path> v1Paths = new LinkedHashMap<>();
        v1Paths.put("cpu,cpuacct", Path.of("/a"));
        v1Paths.put("memory", Path.of("/b"));
        CgroupManager v1 = CgroupManagers.fromState(CgroupMode.LEGACY, v1Paths);
        assertInstanceOf(CgroupV1Manager.class, v1);
        assertEquals(CgroupMode.LEGACY, v1.mode());
        assertEquals(paths("/a", "/b"), v1.dirs());
        assertEquals(v1Paths, v1.paths());
        v1Paths.put("unified", Path.of("/u"));
        CgroupManager hybrid = CgroupManagers.fromState(CgroupMode.HYBRID, v1Paths);
        assertInstanceOf(CgroupV1Manager.class, hybrid);
        assertEquals(CgroupMode.HYBRID, hybrid.mode());
    }

    @Test
    void pathsAreKeyedByControllersAndUnified() {
        CgroupManager hybrid = CgroupManagers.forContainer(Hosts.hybrid(), null, "c1");
        assertEquals(CgroupMode.HYBRID, hybrid.mode());
        assertEquals(List.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids", "name=systemd",
                "unified"), List.copyOf(hybrid.paths().keySet()));
        assertEquals(Path.of(MEM + "/jrun/c1"), hybrid.paths().get("memory"));
        assertEquals(Path.of("/sys/fs/cgroup/unified/jrun/c1"), hybrid.paths().get("unified"));
        CgroupManager legacy = CgroupManagers.forContainer(Hosts.legacy(), null, "c1");
        assertEquals(CgroupMode.LEGACY, legacy.mode());
        assertEquals(List.of("name=systemd", "cpu,cpuacct", "memory", "cpuset"), List.copyOf(legacy.paths().keySet()));
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct/user.slice/jrun/c1"), legacy.paths().get("cpu,cpuacct"));
    }

    @Test
    void dirOfFindsAHierarchysDirectory() {
        CgroupLayout layout = Hosts.legacy();
        CgroupManager m = CgroupManagers.forContainer(layout, "/pods/x", "c1");
        for (Hierarchy h : layout.hierarchies()) {
            assertEquals(h.mountPoint().resolve("pods/x"), CgroupManagers.dirOf(m, h), h.toString());
        }
        Hierarchy other = new Hierarchy(Path.of("/sys/fs/cgroup/pids"), false, List.of("pids"), "/", "/");
        assertEquals(null, CgroupManagers.dirOf(m, other));
    }

    @Test
    void defaultParentsAreJrunInEachHierarchyOnlyWithoutAPath() {
        assertEquals(paths("/sys/fs/cgroup/jrun"), CgroupManagers.defaultParents(Hosts.unified(), null));
        assertEquals(paths("/sys/fs/cgroup/jrun"), CgroupManagers.defaultParents(Hosts.unified(), ""));
        assertEquals(List.of(), CgroupManagers.defaultParents(Hosts.unified(), "/pods/x"));
        List<Path> hybrid = CgroupManagers.defaultParents(Hosts.hybrid(), null);
        assertEquals(10, hybrid.size());
        assertEquals(Path.of(MEM + "/jrun"), hybrid.get(3));
        assertEquals(Path.of("/sys/fs/cgroup/unified/jrun"), hybrid.getLast());
    }

    @Test
    void anAncestorOfTheCallersCgroupIsRefused() {
        // /process_api holds the caller's memory cgroup: deleting the container would remove it
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> CgroupManagers.forContainer(Hosts.hybrid(), "/process_api", "c1"));
        assertTrue(e.getMessage().contains("cgroup root or jrun's own cgroup"), e.getMessage());
        assertThrows(InvalidSpecException.class, () -> CgroupManagers.forContainer(Hosts.unified(), "/user.slice/x", "c1"));
        assertThrows(InvalidSpecException.class, () -> CgroupManagers.forContainer(Hosts.unified(), "/", "c1"));
        // a sibling of the caller's cgroup is fine
        assertEquals(paths("/sys/fs/cgroup/user.slice/y"),
                CgroupManagers.forContainer(Hosts.unified(), "/user.slice/y", "c1").dirs());
    }
}
