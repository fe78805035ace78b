package io.jrun.container;

import io.jrun.cgroup.CgroupManager;
import io.jrun.cgroup.CgroupManagers;
import io.jrun.cgroup.CgroupMode;
import io.jrun.state.ContainerState;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** The cgroup manager of a recorded container. */
final class Cgroups {
    private Cgroups() {}

    static CgroupManager of(RuntimeContext ctx, ContainerState s) {
        Map<String, Path> paths = new LinkedHashMap<>();
        s.cgroupPaths().forEach((k, v) -> paths.put(k, Path.of(v)));
        return CgroupManagers.fromState(s.cgroupMode() == null ? CgroupMode.LEGACY : s.cgroupMode(), paths, ctx.cgroupFs());
    }

    /**
     * Removes a container's cgroup once its processes are gone. What is still there after a
     * moment belongs to others sharing the cgroupsPath, which are not ours to kill: the cgroup is
     * then left in place, with a warning (as runc does).
     */
    static void removeIfLeftEmpty(RuntimeContext ctx, CgroupManager cgroup, List<Path> made, String what) {
        Kill.waitUntilEmpty(cgroup, 2000);
        List<Integer> left = cgroup.pids();
        if (!left.isEmpty()) {
            ctx.log().warn(what + ": cgroup " + cgroup.dirs().getFirst() + " left in place: it still has processes "
                    + left + " that are not this container's");
            return;
        }
        cgroup.destroy(made, ctx.emptyParents());
    }

    static Map<String, String> record(CgroupManager m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.paths().forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }
}
