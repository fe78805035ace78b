package io.jrun.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.testing.ProcTree;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostMountsTest {
    static final String MOUNTINFO = """
            24 1 253:0 / / rw,relatime shared:1 - ext4 /dev/mapper/root rw
            25 24 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw
            30 24 0:40 / /srv rw,relatime - xfs /dev/sdb1 rw
            31 30 0:41 / /srv/containers rw,relatime shared:7 master:3 - ext4 /dev/sdc1 rw
            32 24 0:42 / /mnt/my\\040disk rw,relatime - ext4 /dev/sdd1 rw
            33 24 0:43 / /srv/containers/b rw,relatime master:9 - tmpfs tmpfs rw
            34 24 0:44 / /srv/containersx rw,relatime - tmpfs tmpfs rw
            35 24 0:45 /x /var/lib/tmp\\134dir rw,relatime - tmpfs tmpfs rw
            broken line
            """;

    private final HostMounts mounts = HostMounts.parse(MOUNTINFO);

    @Test
    void parsesEachWellFormedLine() {
        assertEquals(8, mounts.entries().size());
        HostMounts.Entry containers = mounts.entries().get(3);
        assertEquals(Path.of("/srv/containers"), containers.mountPoint());
        assertEquals("shared:7 master:3", containers.optionalFields());
        assertEquals("ext4", containers.fstype());
        assertEquals("", mounts.entries().get(2).optionalFields());
    }

    @Test
    void sharedDetection() {
        assertTrue(mounts.mountOf(Path.of("/")).isShared());
        assertFalse(mounts.mountOf(Path.of("/srv")).isShared());
        assertTrue(mounts.mountOf(Path.of("/srv/containers")).isShared());
        assertFalse(mounts.mountOf(Path.of("/srv/containers/b")).isShared(), "master: alone is a slave");
    }

    @Test
    void mountOfTakesTheLongestPrefix() {
        assertEquals(Path.of("/srv/containers"), mounts.mountOf(Path.of("/srv/containers/a/rootfs")).mountPoint());
        assertEquals(Path.of("/srv/containers/b"), mounts.mountOf(Path.of("/srv/containers/b/rootfs")).mountPoint());
        assertEquals(Path.of("/srv"), mounts.mountOf(Path.of("/srv/other")).mountPoint());
        assertEquals(Path.of("/"), mounts.mountOf(Path.of("/home/u/bundle/rootfs")).mountPoint());
        assertEquals(Path.of("/sys"), mounts.mountOf(Path.of("/sys")).mountPoint());
    }

    @Test
    void prefixesAreWholePathComponents() {
        assertEquals(Path.of("/srv/containersx"), mounts.mountOf(Path.of("/srv/containersx/r")).mountPoint());
        assertEquals(Path.of("/srv"), mounts.mountOf(Path.of("/srv/contain")).mountPoint());
    }

    @Test
    void escapedPathsAreDecoded() {
        assertEquals(Path.of("/mnt/my disk"), mounts.entries().get(4).mountPoint());
        assertEquals(Path.of("/mnt/my disk"), mounts.mountOf(Path.of("/mnt/my disk/bundle/rootfs")).mountPoint());
        assertEquals(Path.of("/var/lib/tmp\\dir"), mounts.entries().get(7).mountPoint());
    }

    @Test
    void aLaterMountOnTheSamePointHidesTheEarlierOne() {
        HostMounts over = HostMounts.parse("""
                24 1 253:0 / / rw shared:1 - ext4 /dev/root rw
                40 24 0:50 / /data rw shared:5 - ext4 /dev/a rw
                41 40 0:51 / /data rw - tmpfs tmpfs rw
                """);
        assertFalse(over.mountOf(Path.of("/data/x")).isShared());
        assertEquals("tmpfs", over.mountOf(Path.of("/data/x")).fstype());
    }

    @Test
    void noMountContainingThePathIsAnError() {
        HostMounts only = HostMounts.parse("30 24 0:40 / /srv rw - xfs /dev/sdb1 rw\n");
        assertThrows(IllegalStateException.class, () -> only.mountOf(Path.of("/home")));
    }

    @Test
    void readsSelfMountinfoOfAProcRoot(@TempDir Path tmp) {
        new ProcTree(tmp).mountinfo(MOUNTINFO);
        assertEquals(mounts, HostMounts.read(tmp));
    }
}
