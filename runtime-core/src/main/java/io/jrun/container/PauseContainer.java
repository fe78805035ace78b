package io.jrun.container;

import io.jrun.error.InvalidStateException;
import io.jrun.os.Posix;
import io.jrun.state.ContainerState;
import io.jrun.state.Status;

/** pause and resume: the cgroup freezer (v1 freezer.state, v2 cgroup.freeze). */
public final class PauseContainer {
    private final RuntimeContext ctx;

    public PauseContainer(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    public void pause(String id) {
        try (Posix.Lock lock = ctx.store().lock(id)) {
            ContainerState state = ctx.store().load(id);
            Status status = ContainerStatus.of(ctx, state);
            if (status != Status.RUNNING && status != Status.CREATED) {
                throw status == Status.PAUSED ? new InvalidStateException("container already paused")
                        : InvalidStateException.notRunning();
            }
            Cgroups.of(ctx, state).freeze();
        }
    }

    public void resume(String id) {
        try (Posix.Lock lock = ctx.store().lock(id)) {
            ContainerState state = ctx.store().load(id);
            if (ContainerStatus.of(ctx, state) != Status.PAUSED) {
                throw new InvalidStateException("container not paused");
            }
            Cgroups.of(ctx, state).thaw();
        }
    }
}
