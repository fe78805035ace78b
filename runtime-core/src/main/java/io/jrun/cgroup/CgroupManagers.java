package io.jrun.cgroup;

import io.jrun.error.InvalidSpecException;
import java.nio.file.Path;
import java.util.List;

/** Picks the manager for the host's cgroup mode and resolves linux.cgroupsPath as runc does. */
public final class CgroupManagers {
    /** Where a container with no cgroupsPath goes, relative to the caller's cgroup. */
    static final String DEFAULT_PARENT = "jrun";

    private CgroupManagers() {}

    public static CgroupManager forContainer(CgroupLayout layout, String cgroupsPath, String id) {
        String path = cgroupPath(cgroupsPath, id);
        List<Path> dirs = layout.hierarchies().stream().map(h -> dirFor(h, path)).toList();
        for (int i = 0; i < dirs.size(); i++) {
            Hierarchy h = layout.hierarchies().get(i);
            // delete removes the container's cgroup and those below it: never a root or our own.
            if (dirs.get(i).equals(h.mountPoint()) || h.dirOf(h.callerPath()).startsWith(dirs.get(i))) {
                throw new InvalidSpecException("linux.cgroupsPath", "\"" + cgroupsPath
                        + "\" is a cgroup root or jrun's own cgroup; a container needs a cgroup of its own");
            }
        }
        return layout.mode() == CgroupMode.UNIFIED ? new CgroupV2Manager(dirs.getFirst()) : new CgroupV1Manager(dirs);
    }

    /**
     * The default parent ("jrun", in each hierarchy) is jrun's own: any container may remove it
     * when it is the last one in it, whoever made it. Empty for an explicit cgroupsPath.
     */
    public static List<Path> defaultParents(CgroupLayout layout, String cgroupsPath) {
        if (cgroupsPath != null && !cgroupsPath.isEmpty()) {
            return List.of();
        }
        return layout.hierarchies().stream().map(h -> dirFor(h, DEFAULT_PARENT)).toList();
    }

    /** A manager for directories recorded in a container's state. */
    public static CgroupManager forDirs(List<Path> dirs) {
        return dirs.size() == 1 ? new CgroupV2Manager(dirs.getFirst()) : new CgroupV1Manager(dirs);
    }

    /**
     * Absolute paths are taken from each hierarchy's root, relative ones from the caller's own
     * cgroup; an absent path means "jrun/&lt;id&gt;" relative to the caller.
     */
    static String cgroupPath(String cgroupsPath, String id) {
        if (cgroupsPath == null || cgroupsPath.isEmpty()) {
            return DEFAULT_PARENT + "/" + id;
        }
        if (cgroupsPath.contains(":")) {
            throw new InvalidSpecException("linux.cgroupsPath",
                    "\"" + cgroupsPath + "\" is in the systemd form (slice:prefix:name); jrun supports only the cgroupfs driver");
        }
        String clean = Path.of("/").resolve(cgroupsPath).normalize().toString();
        return cgroupsPath.startsWith("/") ? clean : clean.substring(1);
    }

    static Path dirFor(Hierarchy h, String path) {
        if (path.startsWith("/")) {
            return h.dirOf(path);
        }
        Path base = h.dirOf(h.callerPath());
        return base.resolve(path).normalize();
    }
}
