package io.jrun.container;

import io.jrun.cgroup.CgroupManager;
import io.jrun.cgroup.CgroupManagers;
import io.jrun.error.ContainerNotFoundException;
import io.jrun.error.InvalidStateException;
import io.jrun.os.Posix;
import io.jrun.os.Signals;
import io.jrun.state.ContainerState;
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
                return; // runc: delete -f of a container that is not there succeeds
            }
            throw e;
        }
        try (lock) {
            ContainerState state = ctx.store().load(id);
            Status status = ContainerStatus.of(state, ctx.procRoot(), ctx.store().startFifo(id));
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
        CgroupManager cgroup = CgroupManagers.forDirs(state.cgroupDirs().stream().map(Path::of).toList());
        if (status != Status.STOPPED) {
            Kill.signalInit(ctx, state, Signals.SIGKILL);
            Kill.waitUntilGone(ctx, state);
        }
        // Processes outside init's pid namespace (or orphans of a shared one) still hold the cgroup.
        Kill.everyProcess(ctx, cgroup, Signals.SIGKILL);
        Kill.waitUntilEmpty(cgroup);
        cgroup.destroy(state.cgroupMade().stream().map(Path::of).toList());
        ctx.store().remove(state.id());
    }
}
