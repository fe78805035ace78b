package io.jrun.cgroup;

/** mountinfo and /proc/self/cgroup texts of real hosts. */
final class Hosts {
    private Hosts() {}

    static final String MEMORY_PATH = "/process_api/2f3c4124634b64a09e9768a41eb6ef8d";

    /** A hybrid host: v1 controllers under /sys/fs/cgroup/&lt;c&gt;, cgroup2 at /sys/fs/cgroup/unified. */
    static final String HYBRID_MOUNTINFO = """
            22 27 0:21 / /proc rw,relatime - proc proc rw
            23 27 0:22 / /sys rw,relatime - sysfs sysfs rw
            24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334076k,nr_inodes=3083519,mode=755
            25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683664k
            26 24 0:24 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
            27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
            28 27 0:25 / /mnt/sandboxing/model_tools_env/v1/python ro,nosuid,nodev,relatime - tmpfs model_tools_unavailable ro,size=4k,mode=755
            29 26 0:26 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
            30 25 0:27 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683664k
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
            37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
            38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
            39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

    static final String HYBRID_CGROUP = """
            9:name=systemd:/
            8:pids:/
            7:blkio:/
            6:freezer:/
            5:devices:/
            4:memory:/process_api/2f3c4124634b64a09e9768a41eb6ef8d
            3:cpuset:/
            2:cpuacct:/
            1:cpu:/
            0::/
            """;

    /** A cgroup v2 only host (systemd, Fedora/Ubuntu 22+). */
    static final String UNIFIED_MOUNTINFO = """
            24 1 253:0 / / rw,relatime shared:1 - ext4 /dev/mapper/root rw
            25 24 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw
            26 25 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
            27 24 0:5 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
            """;

    static final String UNIFIED_CGROUP = "0::/user.slice/x\n";

    /** cgroup v1 only, with cpu and cpuacct co-mounted (CentOS 7, Debian 9). */
    static final String LEGACY_MOUNTINFO = """
            18 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            25 18 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:8 - tmpfs tmpfs ro,mode=755
            26 25 0:23 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:9 - cgroup cgroup rw,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd
            28 25 0:25 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,cpu,cpuacct
            29 25 0:26 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,memory
            30 25 0:27 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,cpuset,clone_children
            """;

    static final String LEGACY_CGROUP = """
            5:cpuset:/
            4:memory:/user.slice
            3:cpu,cpuacct:/user.slice
            1:name=systemd:/user.slice/user-1000.slice/session-1.scope
            """;

    static CgroupLayout hybrid() {
        return CgroupLayout.parse(HYBRID_MOUNTINFO, HYBRID_CGROUP);
    }

    static CgroupLayout unified() {
        return CgroupLayout.parse(UNIFIED_MOUNTINFO, UNIFIED_CGROUP);
    }

    static CgroupLayout legacy() {
        return CgroupLayout.parse(LEGACY_MOUNTINFO, LEGACY_CGROUP);
    }
}
