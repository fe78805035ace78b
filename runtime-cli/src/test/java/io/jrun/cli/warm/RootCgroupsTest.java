package io.jrun.cli.warm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrun.mount.HostMounts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootCgroupsTest {
    @Test
    void theTopOfEveryV1AndV2Hierarchy() {
        HostMounts mounts = HostMounts.parse("""
                22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
                25 22 0:22 / /sys/fs/cgroup ro shared:9 - tmpfs tmpfs ro,mode=755
                26 25 0:23 / /sys/fs/cgroup/unified rw shared:10 - cgroup2 cgroup2 rw
                28 25 0:25 / /sys/fs/cgroup/memory rw shared:12 - cgroup cgroup rw,memory
                29 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw shared:13 - cgroup cgroup rw,cpu,cpuacct
                30 22 0:5 / /proc rw shared:5 - proc proc rw
                """);
        assertEquals(List.of(Path.of("/sys/fs/cgroup/unified/cgroup.procs"), Path.of("/sys/fs/cgroup/memory/cgroup.procs"),
                Path.of("/sys/fs/cgroup/cpu,cpuacct/cgroup.procs")), RootCgroups.procsFiles(mounts));
    }
}
