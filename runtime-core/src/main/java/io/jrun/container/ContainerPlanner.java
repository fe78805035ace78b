package io.jrun.container;

import io.jrun.cgroup.CgroupLayout;
import io.jrun.cgroup.CgroupManager;
import io.jrun.cgroup.CgroupManagers;
import io.jrun.cgroup.Hierarchy;
import io.jrun.cgroup.CgroupMode;
import io.jrun.mount.CgroupMount;
import io.jrun.mount.HostMounts;
import io.jrun.mount.MountPlanner;
import io.jrun.ns.NamespacePlan;
import io.jrun.plan.Plan;
import io.jrun.plan.StepOp;
import io.jrun.process.ProcessPlanner;
import io.jrun.spec.NamespaceType;
import io.jrun.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Assembles the plan of a container's init, in the order the shim runs it: in stage 1 (host
 * namespaces) close-on-exec, cgroup join, start fifo, setns; the clone; then in init the filesystem
 * and the process steps.
 */
public final class ContainerPlanner {
    public record Request(
            Spec spec,
            Path bundle,
            Path rootfs,
            Path startFifo,
            CgroupManager cgroup,
            CgroupLayout cgroupLayout,
            HostMounts hostMounts,
            boolean noPivot,
            int preserveFds,
            List<String> env,
            Predicate<Path> isDirectory) {}

    private ContainerPlanner() {}

    public static Plan plan(Request r) {
        NamespacePlan ns = NamespacePlan.of(r.spec());
        Plan.Builder b = Plan.builder();
        b.add(StepOp.CLOEXEC_FROM, "close jrun's file descriptors", 3 + r.preserveFds());
        for (Path dir : r.cgroup().dirs()) {
            b.add(StepOp.CGROUP_JOIN, "join cgroup " + dir, dir);
        }
        b.add(StepOp.START_FIFO, "open the start fifo " + r.startFifo(), r.startFifo());
        b.addAll(ns.setnsSteps());
        b.add(ns.cloneStep());

        List<CgroupMount> cgroupMounts = new ArrayList<>();
        for (Hierarchy h : r.cgroupLayout().hierarchies()) {
            Path dir = CgroupManagers.dirOf(r.cgroup(), h);
            if (dir != null) {
                cgroupMounts.add(new CgroupMount(h, dir));
            }
        }
        b.addAll(MountPlanner.plan(new MountPlanner.Request(r.spec(), r.bundle(), r.rootfs(), r.noPivot(),
                ns.creates(NamespaceType.CGROUP), r.cgroupLayout().mode() == CgroupMode.UNIFIED, cgroupMounts,
                r.hostMounts(), r.isDirectory())));
        b.addAll(ProcessPlanner.plan(r.spec(), r.env(), ns.creates(NamespaceType.UTS)));
        return b.build();
    }
}
