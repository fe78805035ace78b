package io.jrun.container;

import io.jrun.error.InvalidStateException;
import io.jrun.hooks.HookFailedException;
import io.jrun.hooks.HookPhase;
import io.jrun.hooks.HookState;
import io.jrun.hooks.Hooks;
import io.jrun.os.Signals;
import io.jrun.spec.Spec;
import io.jrun.os.Posix;
import io.jrun.state.ContainerState;
import io.jrun.state.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** start: one byte into the start fifo lets init exec the user's program. */
public final class StartContainer {
    private final RuntimeContext ctx;

    public StartContainer(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    public ContainerState start(String id) {
        try (Posix.Lock lock = ctx.store().lock(id)) {
            ContainerState state = ctx.store().load(id);
            Path fifo = ctx.store().startFifo(id);
            switch (ContainerStatus.of(ctx, state)) {
                case CREATED -> {}
                case STOPPED -> throw new InvalidStateException("cannot start a container that has stopped");
                case PAUSED -> throw new InvalidStateException("cannot start a paused container");
                default -> throw new InvalidStateException("cannot start an already running container");
            }
            // O_NONBLOCK open: ENXIO means init no longer holds the fifo, i.e. it died.
            if (!ctx.posix().writeFifo(fifo, (byte) 0)) {
                throw new InvalidStateException("cannot start a container that has stopped");
            }
            try {
                Files.deleteIfExists(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException("remove " + fifo, e);
            }
            ctx.log().debug("start " + id + ": init " + state.pid() + " released");
            Spec spec = StoredConfig.withHooks(ctx, id).orElse(null);
            if (spec != null && !HookPhase.POSTSTART.of(spec.hooks()).isEmpty()) {
                try {
                    Hooks.run(ctx.front(), HookPhase.POSTSTART, HookPhase.POSTSTART.of(spec.hooks()),
                            HookState.json(spec.ociVersion(), id, "running", state.pid(), state.bundle(), state.annotations()));
                } catch (HookFailedException e) {
                    // runtime-spec 1.3: a failing poststart hook stops the container (delete then cleans up)
                    Kill.signalInit(ctx, state, Signals.SIGKILL);
                    throw e;
                }
            }
            return state;
        }
    }
}
