package io.jrun.cgroup;

import io.jrun.error.InvalidSpecException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Picks the manager for the host's cgroup mode and resolves linux.cgroupsPath as runc does. */
public final class CgroupManagers {
    /** The key of the cgroup2 hierarchy in a manager's paths. */
    public static final String UNIFIED = "unified";

    /** Where a container with no cgroupsPath goes. */
    static final String DEFAULT_PARENT = "jrun";

    private CgroupManagers() {}

    public static CgroupManager forContainer(CgroupLayout layout, String cgroupsPath, String id) {
        return forContainer(layout, cgroupsPath, id, CgroupFs.KERNEL);
    }

    public static CgroupManager forContainer(CgroupLayout layout, String cgroupsPath, String id, CgroupFs fs) {
        String path = cgroupPath(layout.mode(), cgroupsPath, id);
        Map<String, Path> paths = new LinkedHashMap<>();
        Path unifiedMount = null;
        for (Hierarchy h : layout.hierarchies()) {
            Path dir = dirFor(h, path);
            // delete removes the container's cgroup and those below it: never a root or our own.
            if (dir.equals(h.mountPoint()) || h.dirOf(h.callerPath()).startsWith(dir)) {
                throw new InvalidSpecException("linux.cgroupsPath", "\"" + cgroupsPath
                        + "\" is a cgroup root or jrun's own cgroup; a container needs a cgroup of its own");
            }
            paths.put(key(h), dir);
            if (h.v2()) {
                unifiedMount = h.mountPoint();
            }
        }
        return layout.mode() == CgroupMode.UNIFIED
                ? new CgroupV2Manager(paths.get(UNIFIED), unifiedMount, fs)
                : new CgroupV1Manager(paths, unifiedMount, fs);
    }

    /** The manager of a container, from the paths recorded in its state. */
    public static CgroupManager fromState(CgroupMode mode, Map<String, Path> paths) {
        return fromState(mode, paths, CgroupFs.KERNEL);
    }

    public static CgroupManager fromState(CgroupMode mode, Map<String, Path> paths, CgroupFs fs) {
        return mode == CgroupMode.UNIFIED ? new CgroupV2Manager(paths.get(UNIFIED), null, fs)
                : new CgroupV1Manager(paths, null, fs);
    }

    /** The container's directory in a hierarchy, or null. */
    public static Path dirOf(CgroupManager m, Hierarchy h) {
        return m.paths().get(key(h));
    }

    /** The key of a hierarchy in a manager's paths: its controllers, or "unified" for cgroup2. */
    static String key(Hierarchy h) {
        return h.v2() ? UNIFIED : String.join(",", h.controllers());
    }

    /**
     * The default parent ("jrun", in each hierarchy) is jrun's own: any container may remove it
     * when it is the last one in it, whoever made it. Empty for an explicit cgroupsPath.
     */
    public static List<Path> defaultParents(CgroupLayout layout, String cgroupsPath) {
        if (cgroupsPath != null && !cgroupsPath.isEmpty()) {
            return List.of();
        }
        String parent = layout.mode() == CgroupMode.UNIFIED ? "/" + DEFAULT_PARENT : DEFAULT_PARENT;
        return layout.hierarchies().stream().map(h -> dirFor(h, parent)).toList();
    }

    /**
     * Absolute paths are taken from each hierarchy's root, relative ones from the caller's own
     * cgroup. An absent path is "jrun/&lt;id&gt;" below the caller's cgroup on v1, as runc places it,
     * and "/jrun/&lt;id&gt;" on v2, where the caller's own cgroup holds the caller and so could not
     * hand controllers down (the no-internal-process rule).
     */
    static String cgroupPath(CgroupMode mode, String cgroupsPath, String id) {
        if (cgroupsPath == null || cgroupsPath.isEmpty()) {
            return (mode == CgroupMode.UNIFIED ? "/" : "") + DEFAULT_PARENT + "/" + id;
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
