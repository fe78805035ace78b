package io.jrun.container;

import io.jrun.front.ExitStatus;
import io.jrun.os.Posix;
import io.jrun.state.ContainerState;

/**
 * run: create and start; in the foreground also wait for init (a child of the front, which relays
 * signals to it), then delete the container and report its exit status as runc does.
 */
public final class RunContainer {
    private final RuntimeContext ctx;

    public RunContainer(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    /** Returns jrun's exit code: 0 when detached, else the container's (128+N after signal N). */
    public int run(CreateContainer.Request req, boolean detach) {
        return run(req, detach, false);
    }

    /** keep: leave the stopped container for `state` and `delete`, as runc run --keep. */
    public int run(CreateContainer.Request req, boolean detach, boolean keep) {
        ContainerState state = new CreateContainer(ctx).create(detach ? req : req.inForeground());
        try {
            new StartContainer(ctx).start(state.id());
        } catch (RuntimeException e) {
            forceDelete(state.id());
            throw e;
        }
        if (detach) {
            return 0;
        }
        ExitStatus exit = ctx.front().waitFor(state.pid());
        if (!keep) {
            forceDelete(state.id());
        }
        return exit.asExitCode();
    }

    private void forceDelete(String id) {
        try (Posix.Lock lock = ctx.store().lock(id)) {
            ContainerState s = ctx.store().load(id);
            DeleteContainer.destroy(ctx, s, ContainerStatus.of(ctx, s));
        } catch (io.jrun.error.ContainerNotFoundException e) {
            // deleted meanwhile by someone else: nothing to clean up
        } catch (RuntimeException e) {
            ctx.log().warn("run " + id + ": cleanup failed: " + e.getMessage());
        }
    }
}
