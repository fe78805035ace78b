package io.jrun.container;

import io.jrun.cgroup.CgroupManager;
import io.jrun.error.InvalidStateException;
import io.jrun.os.Posix;
import io.jrun.state.ContainerState;
import io.jrun.state.Status;
import java.util.List;

/** kill: a signal to init, or with --all to every process in the container's cgroup. */
public final class KillContainer {
    private final RuntimeContext ctx;

    public KillContainer(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    public void kill(String id, int signal, boolean all) {
        try (Posix.Lock lock = ctx.store().lock(id)) {
            ContainerState state = ctx.store().load(id);
            Status status = ContainerStatus.of(ctx, state);
            CgroupManager cgroup = Cgroups.of(ctx, state);
            // Without its own pid namespace, killing init would not take its children with it; and
            // --all reaches what is left even after init has exited (runc does both).
            if (all || !state.ownPidNamespace()) {
                List<Integer> pids = cgroup.pids();
                if (status == Status.STOPPED && pids.isEmpty()) {
                    if (all) {
                        return; // nothing left to signal: runc's kill --all succeeds too
                    }
                    throw InvalidStateException.notRunning();
                }
                Kill.everyProcess(ctx, cgroup, signal);
                // init is normally listed too: signal it once, not again below (kill --all USR1 must not double up)
                if (!all || pids.contains(state.pid()) || status == Status.STOPPED) {
                    return;
                }
            } else if (status == Status.STOPPED) {
                throw InvalidStateException.notRunning();
            }
            if (!Kill.signalInit(ctx, state, signal) && !all) {
                throw InvalidStateException.notRunning();
            }
        }
    }
}
