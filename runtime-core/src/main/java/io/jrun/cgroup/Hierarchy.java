package io.jrun.cgroup;

import java.nio.file.Path;
import java.util.List;

/**
 * One mounted cgroup hierarchy: where it is mounted, which controllers it carries (v1; for
 * cgroup2 the list is empty), the cgroup its mount shows as root, and the caller's cgroup in it.
 */
public record Hierarchy(Path mountPoint, boolean v2, List<String> controllers, String mountRoot, String callerPath) {
    public Hierarchy {
        controllers = List.copyOf(controllers);
    }

    /** The directory of a cgroup path (as in /proc/pid/cgroup) under this mount. */
    public Path dirOf(String cgroupPath) {
        String rel = cgroupPath;
        if (!mountRoot.equals("/") && (rel.equals(mountRoot) || rel.startsWith(mountRoot + "/"))) {
            rel = rel.substring(mountRoot.length());
        }
        rel = rel.replaceAll("^/+", "");
        return rel.isEmpty() ? mountPoint : mountPoint.resolve(rel);
    }

    /** The name this hierarchy's directory has under /sys/fs/cgroup (cpu, memory, systemd, unified...). */
    public String name() {
        return mountPoint.getFileName() == null ? "" : mountPoint.getFileName().toString();
    }

    /** The mount data for a fresh v1 mount of this hierarchy ("memory", "none,name=systemd"). */
    public String v1MountData() {
        return controllers.stream().anyMatch(c -> c.startsWith("name=")) && controllers.size() == 1
                ? "none," + controllers.get(0)
                : String.join(",", controllers);
    }
}
