package io.jrun.cli.warm;

import java.time.Duration;

/** When the warm brain may leave: no command in progress and none begun for the idle time. */
final class IdleClock {
    private final long idleNanos;
    private int active;
    private long lastEnd;

    IdleClock(Duration idle, long now) {
        this.idleNanos = idle.toNanos();
        this.lastEnd = now;
    }

    synchronized void begin() {
        active++;
    }

    synchronized void end(long now) {
        active--;
        lastEnd = now;
    }

    synchronized boolean idle(long now) {
        return active == 0 && now - lastEnd >= idleNanos;
    }

    synchronized int active() {
        return active;
    }
}
