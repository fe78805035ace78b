package io.jrun.cli.warm;

import io.jrun.cgroup.CgroupFs;
import io.jrun.cgroup.EmptyParents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The warm brain's {@link EmptyParents}: the parent cgroups deletes release are removed (if still
 * empty) once no delete has released any for {@link #DELAY}, or when the brain leaves. A burst of
 * containers (a benchmark, a pod, a test suite) then makes and removes "jrun/" once, not once per
 * container. If the brain is killed meanwhile they stay, empty, until a later delete of a container
 * in them removes them: every container records its default parents as made by it.
 */
final class DeferredParents implements EmptyParents {
    static final Duration DELAY = Duration.ofMillis(250);

    private final CgroupFs fs;
    private final Duration delay;
    private final Set<Path> pending = new LinkedHashSet<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parent-cgroups");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> due;

    DeferredParents(CgroupFs fs, Duration delay) {
        this.fs = fs;
        this.delay = delay;
    }

    @Override
    public synchronized void release(Collection<Path> parents) {
        if (parents.isEmpty()) {
            return;
        }
        pending.addAll(parents);
        if (due != null) {
            due.cancel(false);
        }
        due = timer.schedule(this::flush, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Removes what is pending now; a create that wanted a parent meanwhile makes it again. */
    void flush() {
        List<Path> now;
        synchronized (this) {
            now = List.copyOf(pending);
            pending.clear();
        }
        EmptyParents.removeIfEmpty(fs, now);
    }
}
