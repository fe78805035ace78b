package io.jrun.container;

import io.jrun.cgroup.CgroupStats;
import io.jrun.error.InvalidStateException;
import io.jrun.state.ContainerState;
import io.jrun.state.Status;
import java.time.Duration;
import java.util.List;

/** ps and events: what is in the container's cgroup, and its figures over time. Read-only. */
public final class ObserveContainer {
    private final RuntimeContext ctx;

    public interface EventSink {
        void stats(CgroupStats stats);

        void oom();
    }

    public ObserveContainer(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    /** What is in the container's cgroup: for a stopped one, usually nothing (runc's ps prints no rows). */
    public List<Integer> pids(String id) {
        ContainerState state = ctx.store().load(id);
        return Cgroups.of(ctx, state).pids();
    }

    public CgroupStats stats(String id) {
        ContainerState state = ctx.store().load(id);
        if (ContainerStatus.of(ctx, state) == Status.STOPPED) {
            throw InvalidStateException.notRunning();
        }
        return Cgroups.of(ctx, state).stats();
    }

    /**
     * Streams stats every interval and an oom event each time the OOM killer strikes (checked
     * every 100 ms), until the container stops or is deleted.
     */
    public void stream(String id, Duration interval, EventSink sink) {
        ContainerState state = ctx.store().load(id);
        var cgroup = Cgroups.of(ctx, state);
        long ooms = cgroup.oomKills();
        long next = 0;
        while (ctx.store().read(id).isPresent()
                && ContainerStatus.of(ctx, state) != Status.STOPPED) {
            long now = System.nanoTime();
            if (now >= next) {
                sink.stats(cgroup.stats());
                next = now + interval.toNanos();
            }
            long seen = cgroup.oomKills();
            for (; ooms < seen; ooms++) {
                sink.oom();
            }
            try {
                Thread.sleep(Math.min(100, Math.max(1, (next - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // A last look: an OOM kill of init stops the container before the loop sees the counter.
        for (long seen = cgroup.oomKills(); ooms < seen; ooms++) {
            sink.oom();
        }
    }
}
