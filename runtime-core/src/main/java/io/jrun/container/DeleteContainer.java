package io.jrun.container;

import io.jrun.cgroup.CgroupManager;
import io.jrun.error.ContainerNotFoundException;
import io.jrun.error.InvalidStateException;
import io.jrun.hooks.HookPhase;
import io.jrun.hooks.HookState;
import io.jrun.hooks.Hooks;
import io.jrun.os.Posix;
import io.jrun.os.Signals;
import io.jrun.state.ContainerState;
import io.jrun.state.CorruptStateException;
import io.jrun.state.Status;
import java.nio.file.Path;

/**
 * delete: a stopped container, or a created one (as runc does), or with --force a running one, is
 * killed if needed and its cgroup and state directory removed.
 */
public final class DeleteContainer {
    private final RuntimeContext ctx;

    public DeleteContainer(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    public void delete(String id, boolean force) {
        Posix.Lock lock;
        try {
            lock = ctx.store().lock(id);
        } catch (ContainerNotFoundException e) {
            if (force) {
                // runc: delete -f of a container that is not there succeeds; a directory left by a
                // create that was killed before it recorded anything goes too
                ctx.store().removeAbandoned(id);
                return;
            }
            throw e;
        }
        try (lock) {
            ContainerState state;
            try {
                state = ctx.store().load(id);
            } catch (CorruptStateException e) {
                if (!force) {
                    throw e;
                }
                ctx.log().warn("delete " + id + ": " + e.getMessage() + ": removed; its processes and cgroup, if any, are unknown");
                ctx.store().remove(id);
                return;
            }
            Status status = ContainerStatus.of(ctx, state);
            if ((status == Status.RUNNING || status == Status.PAUSED) && !force) {
                throw new InvalidStateException(
                        "cannot delete container " + id + " that is not stopped: " + status.specName());
            }
            destroy(ctx, state, status);
            ctx.log().debug("delete " + id + ": done");
        }
    }

    /** Kills what is left, removes the cgroup and the state directory. The caller holds the lock. */
    static void destroy(RuntimeContext ctx, ContainerState state, Status status) {
        CgroupManager cgroup = Cgroups.of(ctx, state);
        boolean frozen = status == Status.PAUSED || cgroup.isFrozen();
        if (status != Status.STOPPED) {
            Kill.signalInit(ctx, state, Signals.SIGKILL);
        }
        // With its own pid namespace, init's death takes every process of it along; without one (or
        // when init is unknown: a create that was interrupted), they are found through the cgroup.
        if (!state.ownPidNamespace() || state.pid() == 0) {
            Kill.everyProcess(ctx, cgroup, Signals.SIGKILL);
        }
        if (frozen) {
            cgroup.thaw(); // frozen processes (v1) only die once they may run again
        }
        if (status != Status.STOPPED) {
            Kill.waitUntilGone(ctx, state);
        }
        Cgroups.removeIfLeftEmpty(ctx, cgroup, state.cgroupMade().stream().map(Path::of).toList(), "delete " + state.id());
        StoredConfig.withHooks(ctx, state.id()).ifPresent(spec -> Hooks.runWarning(ctx.front(), HookPhase.POSTSTOP,
                HookPhase.POSTSTOP.of(spec.hooks()), HookState.json(spec.ociVersion(), state.id(), "stopped", 0, state.bundle(),
                        state.annotations()), w -> ctx.log().warn("delete " + state.id() + ": " + w)));
        ctx.store().remove(state.id());
    }
}
