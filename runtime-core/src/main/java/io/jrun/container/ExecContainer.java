package io.jrun.container;

import io.jrun.process.SecurityLabels;

import io.jrun.error.InvalidStateException;
import io.jrun.error.JrunException;
import io.jrun.error.SyscallException;
import io.jrun.front.ExitStatus;
import io.jrun.front.SpawnResult;
import io.jrun.plan.Plan;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.process.Capabilities;
import io.jrun.process.ExecLookup;
import io.jrun.process.ProcessPlanner;
import io.jrun.seccomp.SeccompFilter;
import io.jrun.spec.NamespaceType;
import io.jrun.spec.Process;
import io.jrun.state.ContainerState;
import io.jrun.state.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * exec: a new process in a running container. It joins the container's cgroup and every namespace
 * of its init that differs from jrun's own, then gets the same process steps as init (ids,
 * capabilities, limits, exec), without waiting for a start.
 */
public final class ExecContainer {
    /** The order namespaces are joined in: user first (it grants the rights for the rest), mount last. */
    private static final List<NamespaceType> JOIN_ORDER = List.of(NamespaceType.USER, NamespaceType.IPC,
            NamespaceType.UTS, NamespaceType.NETWORK, NamespaceType.PID, NamespaceType.CGROUP, NamespaceType.TIME,
            NamespaceType.MOUNT);

    /** process: from --process; or null, and then the container's own process with the flags over it. */
    public record Request(String id, Process process, ExecProcess.Flags flags, boolean detach, Path pidFile, int preserveFds,
            boolean ignorePaused, Path consoleSocket) {}

    private final RuntimeContext ctx;

    public ExecContainer(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    /** Returns the exit code: 0 when detached, else the process's (128+N after signal N). */
    public int exec(Request req) {
        ContainerState state = ctx.store().load(req.id());
        switch (ContainerStatus.of(ctx, state)) {
            case STOPPED -> throw new InvalidStateException("cannot exec in a stopped container");
            case PAUSED -> {
                if (!req.ignorePaused()) {
                    throw new InvalidStateException("cannot exec in a paused container (use --ignore-paused to try anyway)");
                }
            }
            default -> { }
        }
        if (req.preserveFds() < 0) {
            throw new io.jrun.error.UsageException("--preserve-fds: must not be negative");
        }
        io.jrun.spec.Spec stored = storedSpec(req.id());
        Process p = req.process() != null ? req.process() : ExecProcess.of(stored.process(), req.flags());
        // --process files and flags alike: ids in range (-1 would leave the process root), args, cwd, env
        io.jrun.spec.SpecValidator.validateProcess(p);
        boolean terminal = io.jrun.process.Terminal.check(Boolean.TRUE.equals(p.terminal()), req.consoleSocket(), !req.detach());
        List<String> warnings = new ArrayList<>();
        // The container's seccomp profile binds every process in it, as with runc.
        SeccompFilter seccomp = stored.linux() == null || stored.linux().seccomp() == null ? null
                : SeccompFilter.of(stored.linux().seccomp(), m -> ctx.log().debug("exec " + req.id() + ": " + m));
        Plan plan = plan(state, p, req.preserveFds(), warnings, terminal, req.consoleSocket(), seccomp);
        SpawnResult result = ctx.front().spawn(plan, !req.detach());
        if (result instanceof SpawnResult.Failed f) {
            throw spawnError(plan, f, p);
        }
        int pid = ((SpawnResult.Spawned) result).pid();
        if (seccomp != null && seccomp.hasListener()) {
            seccomp.sendListener(ctx.front(), stored.ociVersion(), pid, io.jrun.hooks.HookState.json(state.ociVersion(),
                    req.id(), "running", state.pid(), state.bundle(), state.annotations()));
        }
        warnings.forEach(w -> ctx.log().warn("exec " + req.id() + ": " + w));
        if (req.detach()) {
            if (req.pidFile() != null) {
                PidFile.write(req.pidFile(), pid);
            }
            return 0;
        }
        ExitStatus exit = ctx.front().waitFor(pid);
        return exit.asExitCode();
    }

    private Plan plan(ContainerState state, Process p, int preserveFds, List<String> warnings, boolean terminal,
            Path consoleSocket, SeccompFilter seccomp) {
        Plan.Builder b = Plan.builder();
        b.add(StepOp.CLOEXEC_FROM, "close jrun's file descriptors", 3 + preserveFds);
        if (consoleSocket != null) {
            b.add(StepOp.CONSOLE_SOCKET, "connect to the console socket " + consoleSocket, consoleSocket);
        }
        b.addAll(Cgroups.joinSteps(Cgroups.of(ctx, state)));
        b.addAll(ProcessPlanner.beforeNamespaces(p));
        // before the container's /proc is in reach; the clone inherits the label
        b.addAll(SecurityLabels.steps(p, SecurityLabels.Host.detect(Path.of("/sys"), ctx.procRoot())));
        Path own = ctx.procRoot().resolve("self/ns");
        Path theirs = ctx.procRoot().resolve(Integer.toString(state.pid())).resolve("ns");
        boolean created = ContainerStatus.of(ctx, state) == io.jrun.state.Status.CREATED;
        for (NamespaceType t : JOIN_ORDER) {
            Path ns = theirs.resolve(t.nsFileName());
            if (!sameNamespace(ns, own.resolve(t.nsFileName()), created)) {
                b.add(StepOp.SETNS, "join the container's " + t.specName() + " namespace", t.cloneFlag(), ns);
            }
        }
        b.add(StepOp.CLONE, "create the process in the container", 0);
        b.addAll(ProcessPlanner.process(p, p.env(), new ProcessPlanner.Context(lastCap(), warnings::add, terminal, seccomp), false));
        return b.build();
    }

    /** The config the container was created with (kept in its state directory). */
    private io.jrun.spec.Spec storedSpec(String id) {
        Path config = ctx.store().dir(id).resolve(io.jrun.state.StateStore.CONFIG_FILE);
        return io.jrun.spec.SpecParser.parse(config);
    }

    /**
     * Whether the container shares this namespace with jrun (nothing to join). A namespace that
     * cannot be read is an error, never skipped: the process would run outside it.
     */
    private static boolean sameNamespace(Path theirs, Path own, boolean created) {
        try {
            return Files.readSymbolicLink(theirs).equals(Files.readSymbolicLink(own));
        } catch (java.nio.file.NoSuchFileException e) {
            return true; // a namespace type this kernel does not have
        } catch (IOException e) {
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
            throw new InvalidStateException("cannot read the container's namespace " + theirs + ": " + why
                    + (created
                            ? " (until start, init is jrun's and only root may enter it; start the container first)" : ""));
        }
    }

    private int lastCap() {
        try {
            return Integer.parseInt(io.jrun.os.KernelFiles.read(ctx.procRoot().resolve("sys/kernel/cap_last_cap")).trim());
        } catch (IOException | NumberFormatException e) {
            return Capabilities.last();
        }
    }

    private static JrunException spawnError(Plan plan, SpawnResult.Failed f, Process p) {
        Step step = plan.stepAt(f.step());
        if (step == null) {
            return new SyscallException("start the process", f.errno(), f.detail().isEmpty() ? null : f.detail());
        }
        if (step.op() == StepOp.FIND_EXEC) {
            return new SyscallException(ExecLookup.describeFailure(p.args().getFirst(), f.errno() == io.jrun.error.Errno.EACCES), 0, "");
        }
        return new SyscallException(step.description(), f.errno(), f.detail().isEmpty() ? null : f.detail());
    }
}
