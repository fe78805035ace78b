package io.jrun.container;

import io.jrun.front.Client;
import io.jrun.ns.IdMaps;
import io.jrun.process.SecurityLabels;

import io.jrun.os.KernelFiles;
import io.jrun.cgroup.CgroupLayout;
import io.jrun.cgroup.CgroupManager;
import io.jrun.cgroup.CgroupManagers;
import io.jrun.cgroup.CgroupMode;
import io.jrun.cgroup.DeviceRules;
import io.jrun.error.CgroupException;
import io.jrun.error.Errno;
import io.jrun.error.InvalidSpecException;
import io.jrun.error.JrunException;
import io.jrun.error.SyscallException;
import io.jrun.front.SpawnResult;
import io.jrun.hooks.HookFailedException;
import io.jrun.hooks.HookPhase;
import io.jrun.hooks.HookState;
import io.jrun.hooks.Hooks;
import io.jrun.mount.HostMounts;
import io.jrun.ns.NamespacePlan;
import io.jrun.os.Posix;
import io.jrun.os.ProcStat;
import io.jrun.os.Signals;
import io.jrun.plan.Plan;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.process.Capabilities;
import io.jrun.process.ExecLookup;
import io.jrun.process.ProcessPlanner;
import io.jrun.seccomp.SeccompFilter;
import io.jrun.process.Terminal;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.NamespaceType;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecParser;
import io.jrun.spec.SpecValidator;
import io.jrun.state.ContainerId;
import io.jrun.state.ContainerState;
import io.jrun.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * create: validate everything first, then make the state directory, the cgroup and the container's
 * init (which waits for start). Any failure undoes all of it: no state, cgroup or process is left.
 */
public final class CreateContainer {
    /** foreground: a run that will wait for the container (signals are then held for it). */
    public record Request(String id, Path bundle, Path pidFile, boolean noPivot, int preserveFds, boolean foreground,
            Path consoleSocket) {
        public Request(String id, Path bundle, Path pidFile, boolean noPivot, int preserveFds) {
            this(id, bundle, pidFile, noPivot, preserveFds, false, null);
        }

        Request inForeground() {
            return new Request(id, bundle, pidFile, noPivot, preserveFds, true, consoleSocket);
        }
    }

    private final RuntimeContext ctx;

    public CreateContainer(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    public ContainerState create(Request req) {
        String id = ContainerId.validate(req.id());
        Path configFile = req.bundle().resolve("config.json");
        byte[] config = readConfig(configFile);
        Spec spec = SpecParser.parse(config);
        SpecValidator.validate(spec);
        boolean terminal = Terminal.check(Boolean.TRUE.equals(spec.process().terminal()), req.consoleSocket(), req.foreground());
        checkPreservedFds(listenFds() + req.preserveFds());
        NamespacePlan namespaces = NamespacePlan.of(spec);
        SecurityLabels.Host securityModules = SecurityLabels.Host.detect(Path.of("/sys"), ctx.procRoot());
        SecurityLabels.steps(spec.process(), securityModules); // a label this host cannot give: refused now
        Path rootfs = rootfs(req.bundle(), spec);
        CgroupLayout layout = CgroupLayout.of(ctx.procRoot(), ctx.front().client().pid());
        CgroupManager cgroup = CgroupManagers.forContainer(layout, cgroupsPath(spec), id, ctx.cgroupFs());
        Client client = ctx.front().client();
        boolean noCgroup = client.uid() != 0 && !RootlessCgroup.writable(cgroup);
        if (noCgroup) {
            RootlessCgroup.checkNoLimits(spec, cgroup);
            cgroup = CgroupManagers.fromState(layout.mode(), java.util.Map.of(), ctx.cgroupFs());
        }
        // systemd socket activation: the caller's listening sockets (fds 3..) come first, as runc passes them
        int listenFds = listenFds();
        List<String> env = new java.util.ArrayList<>(spec.process().env());
        if (listenFds > 0) {
            env.add("LISTEN_FDS=" + listenFds);
            env.add("LISTEN_PID=1");
        }
        int preserved = listenFds + req.preserveFds();
        List<String> warnings = new java.util.ArrayList<>();
        // Compiled before anything is made: a profile libseccomp refuses leaves nothing behind.
        SeccompFilter seccomp = spec.linux() == null || spec.linux().seccomp() == null ? null
                : SeccompFilter.of(spec.linux().seccomp(), m -> ctx.log().debug("create " + id + ": " + m));
        StateStore store = ctx.store();

        try (Posix.Lock lock = store.createLocked(id)) {
            int initPid = 0;
            boolean hooksRan = false;
            List<Path> madeCgroups = new java.util.ArrayList<>(noCgroup ? List.of()
                    : CgroupManagers.defaultParents(layout, cgroupsPath(spec)));
            String created = Instant.now().toString();
            boolean ownPid = namespaces.creates(NamespaceType.PID);
            try {
                // Recorded before anything is made: if this command is killed halfway, `delete` finds
                // the container (pid 0, stopped) and removes its cgroup and init.
                store.write(newState(req, spec, rootfs, created, cgroup, madeCgroups, ownPid, 0, 0));
                store.writeConfig(id, config);
                Path fifo = store.startFifo(id);
                ctx.posix().mkfifo(fifo, 0600);
                Plan plan = ContainerPlanner.plan(new ContainerPlanner.Request(spec, req.bundle(), rootfs, fifo,
                        cgroup, layout, HostMounts.read(ctx.procRoot()), req.noPivot(), preserved, env,
                        p -> Files.isDirectory(p), new ProcessPlanner.Context(lastCap(), warnings::add, terminal, seccomp, securityModules),
                        req.consoleSocket(), new IdMaps.Caller(client.uid(), client.gid(), name -> Programs.find(name, client.env()))));
                boolean madeParents = false;
                for (Path made : cgroup.create()) {
                    if (!madeCgroups.contains(made)) {
                        madeCgroups.add(made);
                        madeParents |= !cgroup.dirs().contains(made);
                    }
                }
                if (madeParents) { // recorded, so that a delete after an interrupted create removes them
                    store.write(newState(req, spec, rootfs, created, cgroup, madeCgroups, ownPid, 0, 0));
                }
                // The limits are in place before init exists: it never runs outside them.
                List<String> ignored = new java.util.ArrayList<>();
                if (!noCgroup) {
                    cgroup.apply(resources(spec), ignored::add);
                }
                if (!ignored.isEmpty()) {
                    ctx.log().warn("create " + id + ": ignored on cgroup " + (layout.mode() == CgroupMode.UNIFIED ? "v2" : "v1")
                            + " (as runc does): " + String.join(", ", ignored));
                }
                ctx.log().debug("create " + id + ": spawning init with " + plan.steps().size() + " steps");
                SpawnResult result = ctx.front().spawn(plan, req.foreground());
                while (result instanceof SpawnResult.Paused paused) {
                    initPid = paused.initPid();
                    hooksRan = true;
                    result = runtimeHooks(spec, id, req.bundle(), initPid);
                }
                if (result instanceof SpawnResult.Failed f) {
                    initPid = f.initPid();
                    JrunException e = spawnError(plan, f, spec);
                    if (cgroup.oomKills() > 0) {
                        // The likeliest reason a tiny container dies during setup: say so.
                        e = new CgroupException(e.getMessage() + " (the OOM killer stopped it: linux.resources.memory.limit"
                                + " is too small for the container to start)");
                    }
                    throw e;
                }
                initPid = ((SpawnResult.Spawned) result).pid();
                if (seccomp != null && seccomp.hasListener()) {
                    seccomp.sendListener(ctx.front(), spec.ociVersion(), initPid, HookState.json(spec.ociVersion(), id,
                            "creating", initPid, req.bundle().toString(), spec.annotations()));
                }
                ContainerState state = newState(req, spec, rootfs, created, cgroup, madeCgroups, ownPid, initPid,
                        startTimeOf(initPid));
                store.write(state);
                if (req.pidFile() != null) {
                    PidFile.write(req.pidFile(), initPid);
                }
                warnings.forEach(w -> ctx.log().warn("create " + id + ": " + w));
                List<String> notApplied = NotYetApplied.fields(spec);
                if (!notApplied.isEmpty()) {
                    ctx.log().warn("create " + id + ": not applied by this version of jrun: " + String.join(", ", notApplied));
                }
                return state;
            } catch (RuntimeException e) {
                undo(id, initPid, cgroup, madeCgroups);
                if (hooksRan) {
                    // the container's life ends here: its poststop hooks run (failures only warn)
                    Hooks.runWarning(ctx.front(), HookPhase.POSTSTOP, HookPhase.POSTSTOP.of(spec.hooks()),
                            HookState.json(spec.ociVersion(), id, HookPhase.POSTSTOP.status(), 0, req.bundle().toString(),
                                    spec.annotations()), w -> ctx.log().warn("create " + id + ": " + w));
                }
                throw e;
            }
        }
    }

    /** linux.resources with the complete device rule list (runc's defaults included). */
    static LinuxResources resources(Spec spec) {
        LinuxResources r = spec.linux() == null || spec.linux().resources() == null
                ? LinuxResources.ofDevices(List.of()) : spec.linux().resources();
        return r.withDevices(DeviceRules.of(spec));
    }

    /**
     * init waits at its checkpoint, its namespaces made: the prestart and createRuntime hooks run
     * in the runtime namespace, then init goes on with the state documents for its own hooks.
     */
    private SpawnResult runtimeHooks(Spec spec, String id, Path bundle, int initPid) {
        byte[] creating = HookState.json(spec.ociVersion(), id, "creating", initPid, bundle.toString(), spec.annotations());
        try {
            Hooks.run(ctx.front(), HookPhase.PRESTART, HookPhase.PRESTART.of(spec.hooks()), creating);
            Hooks.run(ctx.front(), HookPhase.CREATE_RUNTIME, HookPhase.CREATE_RUNTIME.of(spec.hooks()), creating);
        } catch (HookFailedException e) {
            ctx.front().abort();
            throw e;
        }
        byte[] created = HookState.json(spec.ociVersion(), id, "created", initPid, bundle.toString(), spec.annotations());
        byte[] both = new byte[creating.length + 1 + created.length];
        System.arraycopy(creating, 0, both, 0, creating.length);
        System.arraycopy(created, 0, both, creating.length + 1, created.length);
        return ctx.front().resume(both);
    }

    private ContainerState newState(Request req, Spec spec, Path rootfs, String created, CgroupManager cgroup,
            List<Path> made, boolean ownPidNamespace, int pid, long startTime) {
        return new ContainerState(spec.ociVersion(), req.id(), pid, startTime, req.bundle().toString(), rootfs.toString(),
                created, ctx.front().client().uid(), spec.annotations(), cgroup.mode(), Cgroups.record(cgroup),
                made.stream().map(Path::toString).toList(), ownPidNamespace);
    }

    private int listenFds() {
        String n = ctx.front().client().env().get("LISTEN_FDS");
        try {
            return n == null ? 0 : Math.max(0, Integer.parseInt(n.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The highest capability the running kernel knows. */
    private int lastCap() {
        try {
            return Integer.parseInt(KernelFiles.read(ctx.procRoot().resolve("sys/kernel/cap_last_cap")).trim());
        } catch (java.io.IOException | NumberFormatException e) {
            return Capabilities.last();
        }
    }

    /** The descriptors to pass on must be open in the caller (jrun's front holds them). */
    private void checkPreservedFds(int count) {
        Path fds = ctx.procRoot().resolve(Integer.toString(ctx.front().client().pid())).resolve("fd");
        for (int fd = 3; fd < 3 + count; fd++) {
            if (!Files.exists(fds.resolve(Integer.toString(fd)), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new io.jrun.error.UsageException("--preserve-fds " + count + ": file descriptor " + fd + " is not open");
            }
        }
    }

    private static String cgroupsPath(Spec spec) {
        return spec.linux() == null ? null : spec.linux().cgroupsPath();
    }

    private long startTimeOf(int pid) {
        return ProcStat.read(ctx.procRoot(), pid)
                .orElseThrow(() -> new SyscallException("read the start time of init " + pid, Errno.ESRCH))
                .startTime();
    }

    private void undo(String id, int initPid, CgroupManager cgroup, List<Path> made) {
        if (initPid > 0) {
            // init got this far (it may wait for start): it is ours, and only it is.
            Kill.signalPid(ctx, initPid, -1, Signals.SIGKILL);
        }
        try {
            Cgroups.removeIfLeftEmpty(ctx, cgroup, made, "create " + id);
        } catch (RuntimeException e) {
            ctx.log().warn("create " + id + ": cleanup of cgroup failed: " + e.getMessage());
        }
        ctx.store().remove(id);
    }

    private static JrunException spawnError(Plan plan, SpawnResult.Failed f, Spec spec) {
        Step step = plan.stepAt(f.step());
        if (step == null) {
            return new SyscallException("start container init", f.errno(), f.detail().isEmpty() ? null : f.detail());
        }
        if (step.op() == StepOp.FIND_EXEC) {
            return new SyscallException(ExecLookup.describeFailure(spec.process().args().getFirst(),
                    f.errno() == Errno.EACCES), 0, "");
        }
        return new SyscallException(step.description(), f.errno(), f.detail().isEmpty() ? null : f.detail());
    }

    private static byte[] readConfig(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidSpecException("config.json", "no such file: " + file);
        } catch (IOException e) {
            throw new InvalidSpecException("config.json", "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Path rootfs(Path bundle, Spec spec) {
        Path rootfs = bundle.resolve(spec.root().path()).normalize();
        try {
            Path real = rootfs.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new InvalidSpecException("root.path", "not a directory: " + rootfs);
            }
            return real;
        } catch (IOException e) {
            throw new InvalidSpecException("root.path", "no such directory: " + rootfs);
        }
    }
}
