package io.jrun.container;

import io.jrun.cgroup.CgroupLayout;
import io.jrun.cgroup.CgroupManager;
import io.jrun.cgroup.CgroupManagers;
import io.jrun.cgroup.Hierarchy;
import io.jrun.cgroup.CgroupMode;
import io.jrun.mount.CgroupMount;
import io.jrun.mount.HostMounts;
import io.jrun.mount.MountPlanner;
import io.jrun.ns.IdMaps;
import io.jrun.ns.NamespacePlan;
import io.jrun.hooks.HookPhase;
import io.jrun.hooks.Hooks;
import io.jrun.plan.Plan;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.process.ProcessPlanner;
import io.jrun.process.SecurityLabels;
import io.jrun.spec.NamespaceType;
import io.jrun.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Assembles the plan of a container's init, in the order the shim runs it: in stage 1 (host
 * namespaces) close-on-exec, cgroup join, start fifo, setns; the clone; then in init the mounts,
 * the createContainer hooks, sysctls, read-only and masked paths, pivot_root, and the process steps.
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
            Predicate<Path> isDirectory,
            ProcessPlanner.Context process,
            Path consoleSocket,
            IdMaps.Caller caller) {
        public Request(Spec spec, Path bundle, Path rootfs, Path startFifo, CgroupManager cgroup, CgroupLayout cgroupLayout,
                HostMounts hostMounts, boolean noPivot, int preserveFds, List<String> env, Predicate<Path> isDirectory,
                ProcessPlanner.Context process) {
            this(spec, bundle, rootfs, startFifo, cgroup, cgroupLayout, hostMounts, noPivot, preserveFds, env, isDirectory,
                    process, null, IdMaps.Caller.ROOT);
        }
    }

    private ContainerPlanner() {}

    public static Plan plan(Request r) {
        NamespacePlan ns = NamespacePlan.of(r.spec());
        Plan.Builder b = Plan.builder();
        b.add(StepOp.CLOEXEC_FROM, "close jrun's file descriptors", 3 + r.preserveFds());
        b.addAll(Cgroups.joinSteps(r.cgroup()));
        b.add(StepOp.START_FIFO, "open the start fifo " + r.startFifo(), r.startFifo());
        if (r.consoleSocket() != null) {
            b.add(StepOp.CONSOLE_SOCKET, "connect to the console socket " + r.consoleSocket(), r.consoleSocket());
        }
        b.addAll(ProcessPlanner.beforeNamespaces(r.spec().process()));
        b.addAll(ns.setnsSteps());
        b.addAll(ns.timeSteps());
        b.add(ns.cloneStep(ns.creates(NamespaceType.USER) ? IdMaps.of(r.spec(), r.caller()) : null));
        b.addAll(ns.afterCloneSteps());
        boolean userNamespace = ns.creates(NamespaceType.USER)
                || ns.joined().stream().anyMatch(j -> j.type().equals(NamespaceType.USER.specName()));

        List<CgroupMount> cgroupMounts = new ArrayList<>();
        for (Hierarchy h : r.cgroupLayout().hierarchies()) {
            Path dir = CgroupManagers.dirOf(r.cgroup(), h);
            if (dir != null) {
                cgroupMounts.add(new CgroupMount(h, dir));
            }
        }
        List<Step> rootfs = new ArrayList<>(MountPlanner.plan(new MountPlanner.Request(r.spec(), r.bundle(), r.rootfs(),
                r.noPivot(), ns.creates(NamespaceType.CGROUP), r.cgroupLayout().mode() == CgroupMode.UNIFIED, cgroupMounts,
                r.hostMounts(), r.isDirectory(), userNamespace)));
        List<Step> process = new ArrayList<>(ProcessPlanner.plan(r.spec(), r.env(), ns.created(), r.process()));
        // Sysctls go in before /proc/sys may become read-only, with the host's paths still in reach.
        int protect = indexOf(rootfs, StepOp.READONLY, StepOp.MASK, StepOp.PIVOT_ROOT, StepOp.CHROOT);
        rootfs.addAll(protect, ProcessPlanner.sysctls(r.spec(), ns.created()));
        // the exec label too, while /proc is the host's: init keeps it until its execve
        rootfs.addAll(protect, SecurityLabels.steps(r.spec().process(), r.process().securityModules()));
        if (needsCheckpoint(r.spec())) {
            // Before pivot_root: the brain runs prestart and createRuntime hooks, then createContainer
            // hooks run here, in the container's namespaces with the host's paths still in reach.
            List<Step> atCheckpoint = new ArrayList<>();
            atCheckpoint.add(Step.of(StepOp.CHECKPOINT, "wait for the prestart and createRuntime hooks"));
            atCheckpoint.addAll(Hooks.steps(HookPhase.CREATE_CONTAINER, HookPhase.CREATE_CONTAINER.of(r.spec().hooks()), 0));
            rootfs.addAll(protect, atCheckpoint);
            // After start, inside the container: startContainer hooks, right before the exec.
            process.addAll(indexOf(process, StepOp.WAIT_START) + 1,
                    Hooks.steps(HookPhase.START_CONTAINER, HookPhase.START_CONTAINER.of(r.spec().hooks()), 1));
        }
        b.addAll(rootfs);
        b.addAll(process);
        return b.build();
    }

    /** Hooks that run before the user's program need its pid in their state: init stops for them. */
    public static boolean needsCheckpoint(io.jrun.spec.Spec spec) {
        return List.of(HookPhase.PRESTART, HookPhase.CREATE_RUNTIME, HookPhase.CREATE_CONTAINER, HookPhase.START_CONTAINER)
                .stream().anyMatch(p -> !p.of(spec.hooks()).isEmpty());
    }

    private static int indexOf(List<Step> steps, StepOp... ops) {
        for (int i = 0; i < steps.size(); i++) {
            if (List.of(ops).contains(steps.get(i).op())) {
                return i;
            }
        }
        throw new IllegalStateException("no " + List.of(ops) + " step in the plan");
    }
}
