package io.jrun.container;

import io.jrun.cgroup.CgroupLayout;
import io.jrun.cgroup.CgroupManager;
import io.jrun.cgroup.CgroupManagers;
import io.jrun.error.Errno;
import io.jrun.error.InvalidSpecException;
import io.jrun.error.JrunException;
import io.jrun.error.SyscallException;
import io.jrun.front.SpawnResult;
import io.jrun.mount.HostMounts;
import io.jrun.ns.NamespacePlan;
import io.jrun.os.Posix;
import io.jrun.os.ProcStat;
import io.jrun.os.Signals;
import io.jrun.plan.Plan;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.process.ExecLookup;
import io.jrun.process.ProcessEnv;
import io.jrun.spec.NamespaceType;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecParser;
import io.jrun.spec.SpecValidator;
import io.jrun.state.ContainerId;
import io.jrun.state.ContainerState;
import io.jrun.state.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * create: validate everything first, then make the state directory, the cgroup and the container's
 * init (which waits for start). Any failure undoes all of it: no state, cgroup or process is left.
 */
public final class CreateContainer {
    public record Request(String id, Path bundle, Path pidFile, boolean noPivot, int preserveFds) {}

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
        if (Boolean.TRUE.equals(spec.process().terminal())) {
            throw new InvalidSpecException("process.terminal",
                    "terminals are not supported by this version of jrun: set it to false");
        }
        NamespacePlan namespaces = NamespacePlan.of(spec);
        Path rootfs = rootfs(req.bundle(), spec);
        CgroupLayout layout = CgroupLayout.of(ctx.procRoot(), ctx.front().client().pid());
        CgroupManager cgroup = CgroupManagers.forContainer(layout, cgroupsPath(spec), id);
        List<String> env = ProcessEnv.build(spec.process().env(), homeOf(rootfs, spec.process().user().uid()));
        StateStore store = ctx.store();

        try (Posix.Lock lock = store.createLocked(id)) {
            int initPid = 0;
            List<Path> madeCgroups = List.of();
            try {
                store.writeConfig(id, config);
                Path fifo = store.startFifo(id);
                ctx.posix().mkfifo(fifo, 0600);
                Plan plan = ContainerPlanner.plan(new ContainerPlanner.Request(spec, req.bundle(), rootfs, fifo,
                        cgroup.dirs(), layout, HostMounts.read(ctx.procRoot()), req.noPivot(), req.preserveFds(), env,
                        p -> Files.isDirectory(p)));
                madeCgroups = new java.util.ArrayList<>(cgroup.create());
                for (Path parent : CgroupManagers.defaultParents(layout, cgroupsPath(spec))) {
                    if (!madeCgroups.contains(parent)) {
                        madeCgroups.addFirst(parent);
                    }
                }
                ctx.log().debug("create " + id + ": spawning init with " + plan.steps().size() + " steps");
                SpawnResult result = ctx.front().spawn(plan);
                if (result instanceof SpawnResult.Failed f) {
                    initPid = f.initPid();
                    throw spawnError(plan, f, spec);
                }
                initPid = ((SpawnResult.Spawned) result).pid();
                long startTime = startTimeOf(initPid);
                ContainerState state = new ContainerState(spec.ociVersion(), id, initPid, startTime,
                        req.bundle().toString(), rootfs.toString(), Instant.now().toString(), ctx.front().client().uid(),
                        spec.annotations(), cgroup.dirs().stream().map(Path::toString).toList(),
                        madeCgroups.stream().map(Path::toString).toList(), namespaces.creates(NamespaceType.PID));
                store.write(state);
                if (req.pidFile() != null) {
                    PidFile.write(req.pidFile(), initPid);
                }
                List<String> notApplied = NotYetApplied.fields(spec);
                if (!notApplied.isEmpty()) {
                    ctx.log().warn("create " + id + ": not applied by this version of jrun: " + String.join(", ", notApplied));
                }
                return state;
            } catch (RuntimeException e) {
                undo(id, initPid, cgroup, madeCgroups);
                throw e;
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
            // init failed after the clone and exited; kill anything it may have left in the cgroup
            Kill.everyProcess(ctx, cgroup, Signals.SIGKILL);
        }
        try {
            Kill.waitUntilEmpty(cgroup);
            cgroup.destroy(made);
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

    /** HOME for the process when config.json does not set it: from the rootfs's /etc/passwd. */
    private static Optional<String> homeOf(Path rootfs, long uid) {
        Path etc = rootfs.resolve("etc");
        Path passwd = etc.resolve("passwd");
        // Never follow a link out of the rootfs to read a host file.
        if (Files.isSymbolicLink(etc) || !Files.isRegularFile(passwd, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return ProcessEnv.homeOf(Files.readString(passwd, StandardCharsets.UTF_8), uid);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
