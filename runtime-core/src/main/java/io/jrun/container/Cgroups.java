package io.jrun.container;

import io.jrun.cgroup.CgroupManager;
import io.jrun.cgroup.CgroupManagers;
import io.jrun.cgroup.CgroupMode;
import io.jrun.state.ContainerState;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * The steps that put the container's next process in its cgroup. A v1 hierarchy is joined by
     * writing "0" to its tasks file (one thread, the shim's own, which has no other), the cgroup2
     * one by creating the process in it (clone3 with CLONE_INTO_CGROUP; where the kernel has no
     * clone3, the shim writes its cgroup.procs instead). Neither takes the kernel's global
     * cgroup_threadgroup_rwsem, which a cgroup.procs write takes and whose first writer after a quiet
     * moment waits for an RCU grace period: 8-13 ms of every create and exec on this host.
     */
    static List<Step> joinSteps(CgroupManager cgroup) {
        List<Step> steps = new ArrayList<>();
        cgroup.paths().forEach((key, dir) -> steps.add(key.equals(CgroupManagers.UNIFIED)
                ? Step.of(StepOp.CGROUP_CLONE_INTO, "join cgroup " + dir, dir)
                : Step.of(StepOp.CGROUP_JOIN, "join cgroup " + dir, dir.resolve("tasks"))));
        return steps;
    }

    static Map<String, String> record(CgroupManager m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.paths().forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }
}
