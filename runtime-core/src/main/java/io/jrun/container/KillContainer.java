package io.jrun.container;

import io.jrun.cgroup.CgroupManager;
import io.jrun.cgroup.CgroupManagers;
import io.jrun.error.InvalidStateException;
import io.jrun.os.Posix;
import io.jrun.state.ContainerState;
import io.jrun.state.Status;
import java.nio.file.Path;

/** kill: a signal to init, or with --all to every process in the container's cgroup. */
public final class KillContainer {
    private final RuntimeContext ctx;

    public KillContainer(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    public void kill(String id, int signal, boolean all) {
        try (Posix.Lock lock = ctx.store().lock(id)) {
            ContainerState state = ctx.store().load(id);
            Status status = ContainerStatus.of(state, ctx.procRoot(), ctx.store().startFifo(id));
            if (status == Status.STOPPED) {
                throw InvalidStateException.notRunning();
            }
            // Without its own pid namespace, killing init would not take its children with it.
            if (all || !state.ownPidNamespace()) {
                CgroupManager cgroup = CgroupManagers.forDirs(state.cgroupDirs().stream().map(Path::of).toList());
                // init is normally listed too: signal it once, not again below (kill --all USR1 must not double up)
                boolean initListed = cgroup.pids().contains(state.pid());
                Kill.everyProcess(ctx, cgroup, signal);
                if (!all || initListed) {
                    return;
                }
            }
            if (!Kill.signalInit(ctx, state, signal) && !all) {
                throw InvalidStateException.notRunning();
            }
        }
    }
}
