package io.jrun.container;

import io.jrun.os.ProcStat;
import io.jrun.state.ContainerState;
import io.jrun.state.Status;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A container's status, worked out from what the kernel says now: its init must still exist
 * with the start time recorded at create (a reused pid is another process), and not be a zombie;
 * a frozen cgroup means paused.
 */
public final class ContainerStatus {
    private ContainerStatus() {}

    public static Status of(RuntimeContext ctx, ContainerState state) {
        if (!isAlive(state, ctx.procRoot())) {
            return Status.STOPPED;
        }
        if (!state.cgroupPaths().isEmpty() && Cgroups.of(ctx, state).isFrozen()) {
            return Status.PAUSED;
        }
        return Files.exists(ctx.store().startFifo(state.id())) ? Status.CREATED : Status.RUNNING;
    }

    public static boolean isAlive(ContainerState state, Path procRoot) {
        return ProcStat.read(procRoot, state.pid())
                .filter(s -> s.startTime() == state.pidStartTime() && !s.isGone())
                .isPresent();
    }
}
