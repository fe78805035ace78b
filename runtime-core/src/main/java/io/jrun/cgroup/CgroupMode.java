package io.jrun.cgroup;

/** How the host mounts cgroups. */
public enum CgroupMode {
    /** cgroup2 only, at /sys/fs/cgroup. */
    UNIFIED,
    /** cgroup v1 hierarchies only. */
    LEGACY,
    /** v1 hierarchies for the controllers, plus a cgroup2 mount (usually /sys/fs/cgroup/unified). */
    HYBRID
}
