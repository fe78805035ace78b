package io.jrun.cli.warm;

import io.jrun.cgroup.CgroupFs;
import io.jrun.cgroup.EmptyParents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The warm brain's {@link EmptyParents}: the parent cgroups deletes release are removed once no
 * delete has come for {@link #DELAY}, or when the brain leaves. A burst of containers (a benchmark,
 * a pod, a test suite) then makes and removes "jrun/" once, not once per container. A parent that
 * a container created meanwhile still uses stays pending, and is tried again after the next delete:
 * that container did not make it, so its own delete would not remove it. If the brain is killed,
 * pending parents stay, empty; the default ones go with a later container's delete (every container
 * records them as made by it).
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

    /** Called by every delete, with the parents it made (possibly none). */
    @Override
    public synchronized void release(Collection<Path> parents) {
        pending.addAll(parents);
        if (pending.isEmpty()) {
            return;
        }
        if (due != null) {
            due.cancel(false);
        }
        due = timer.schedule(this::flush, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Removes the pending parents that are empty now; those in use stay pending. Under the lock, so
     * that a delete's release cannot slip between an rmdir and the bookkeeping. A create that wants
     * a parent removed meanwhile makes it again (and records it as its own).
     */
    synchronized void flush() {
        EmptyParents.removeIfEmpty(fs, pending);
        pending.removeIf(p -> !fs.isDirectory(p));
    }
}
