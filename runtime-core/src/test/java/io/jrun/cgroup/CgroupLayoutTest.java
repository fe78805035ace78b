package io.jrun.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.testing.ProcTree;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupLayoutTest {
    @TempDir
    Path tmp;

    @Test
    void hybridHost() {
        CgroupLayout layout = Hosts.hybrid();
        assertEquals(CgroupMode.HYBRID, layout.mode());
        assertEquals(List.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids", "systemd",
                "unified"), layout.hierarchies().stream().map(Hierarchy::name).toList());
        Hierarchy memory = layout.hierarchies().get(3);
        assertEquals(new Hierarchy(Path.of("/sys/fs/cgroup/memory"), false, List.of("memory"), "/", Hosts.MEMORY_PATH),
                memory);
        Hierarchy systemd = layout.hierarchies().get(8);
        assertEquals(List.of("name=systemd"), systemd.controllers());
        assertEquals("/", systemd.callerPath());
        Hierarchy unified = layout.hierarchies().getLast();
        assertEquals(new Hierarchy(Path.of("/sys/fs/cgroup/unified"), true, List.of(), "/", "/"), unified);
    }

    @Test
    void unifiedHost() {
        CgroupLayout layout = Hosts.unified();
        assertEquals(CgroupMode.UNIFIED, layout.mode());
        assertEquals(List.of(new Hierarchy(Path.of("/sys/fs/cgroup"), true, List.of(), "/", "/user.slice/x")),
                layout.hierarchies());
    }

    @Test
    void legacyHostWithCoMountedControllers() {
        CgroupLayout layout = Hosts.legacy();
        assertEquals(CgroupMode.LEGACY, layout.mode());
        assertEquals(List.of("systemd", "cpu,cpuacct", "memory", "cpuset"),
                layout.hierarchies().stream().map(Hierarchy::name).toList());
        Hierarchy cpu = layout.hierarchies().get(1);
        assertEquals(List.of("cpu", "cpuacct"), cpu.controllers());
        assertEquals("/user.slice", cpu.callerPath());
        assertEquals("cpu,cpuacct", cpu.v1MountData());
        Hierarchy systemd = layout.hierarchies().get(0);
        assertEquals(List.of("name=systemd"), systemd.controllers(), "xattr and release_agent are options");
        assertEquals("/user.slice/user-1000.slice/session-1.scope", systemd.callerPath());
        assertEquals(List.of("cpuset"), layout.hierarchies().get(3).controllers(), "clone_children is an option");
    }

    @Test
    void hierarchyMountedTwiceIsListedOnce() {
        String twice = Hosts.LEGACY_MOUNTINFO
                + "40 18 0:26 / /mnt/memory rw,relatime shared:30 - cgroup cgroup rw,memory\n";
        assertEquals(4, CgroupLayout.parse(twice, Hosts.LEGACY_CGROUP).hierarchies().size());
    }

    @Test
    void v1MountsTheCallerIsNotInAreSkipped() {
        String extra = Hosts.LEGACY_MOUNTINFO
                + "41 25 0:30 / /sys/fs/cgroup/net_cls rw,relatime shared:14 - cgroup cgroup rw,net_cls\n";
        assertEquals(4, CgroupLayout.parse(extra, Hosts.LEGACY_CGROUP).hierarchies().size());
    }

    @Test
    void cgroup2MountWithoutAUnifiedLineIsLegacy() {
        String mountinfo = Hosts.LEGACY_MOUNTINFO
                + "42 25 0:31 / /sys/fs/cgroup/unified rw,relatime shared:15 - cgroup2 cgroup2 rw\n";
        assertEquals(CgroupMode.LEGACY, CgroupLayout.parse(mountinfo, Hosts.LEGACY_CGROUP).mode());
    }

    @Test
    void mountRootInsideAContainer() {
        String mountinfo = "100 90 0:40 /docker/abc /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 rw\n";
        CgroupLayout layout = CgroupLayout.parse(mountinfo, "0::/docker/abc\n");
        Hierarchy h = layout.hierarchies().getFirst();
        assertEquals("/docker/abc", h.mountRoot());
        assertEquals(Path.of("/sys/fs/cgroup"), h.dirOf("/docker/abc"));
        assertEquals(Path.of("/sys/fs/cgroup/jrun/c1"), h.dirOf("/docker/abc/jrun/c1"));
        assertEquals(Path.of("/sys/fs/cgroup/docker/abcdef"), h.dirOf("/docker/abcdef"), "a sibling is not inside the root");
    }

    @Test
    void escapedMountPoints() {
        String mountinfo = "26 25 0:23 / /sys/fs/cgroup\\040two rw - cgroup2 cgroup2 rw\n";
        assertEquals(Path.of("/sys/fs/cgroup two"), CgroupLayout.parse(mountinfo, "0::/\n").hierarchies().getFirst().mountPoint());
    }

    @Test
    void noCgroupMountedIsAnError() {
        assertThrows(IllegalStateException.class,
                () -> CgroupLayout.parse("27 1 254:0 / / rw - ext4 /dev/vda rw\n", "0::/\n"));
    }

    @Test
    void readsTheFilesOfAProcRoot() {
        ProcTree proc = new ProcTree(tmp).mountinfo(Hosts.HYBRID_MOUNTINFO).cgroup(123, Hosts.HYBRID_CGROUP);
        assertEquals(Hosts.hybrid(), CgroupLayout.of(proc.root(), 123));
        assertThrows(RuntimeException.class, () -> CgroupLayout.of(proc.root(), 124));
    }

    @Test
    void v1MountData() {
        assertEquals("memory", new Hierarchy(Path.of("/m"), false, List.of("memory"), "/", "/").v1MountData());
        assertEquals("none,name=systemd",
                new Hierarchy(Path.of("/s"), false, List.of("name=systemd"), "/", "/").v1MountData());
        assertTrue(new Hierarchy(Path.of("/"), true, List.of(), "/", "/").name().isEmpty());
    }
}
