package io.jrun.container;

import io.jrun.cgroup.CgroupManager;
import io.jrun.error.Errno;
import io.jrun.error.SyscallException;
import io.jrun.os.ProcStat;
import io.jrun.state.ContainerState;

/** Signals to a container's processes, always through pidfds checked against the start time. */
final class Kill {
    private Kill() {}

    /** Signals init; returns false if it is already gone (or its pid now names another process). */
    static boolean signalInit(RuntimeContext ctx, ContainerState state, int signal) {
        return signalPid(ctx, state.pid(), state.pidStartTime(), signal);
    }

    static boolean signalPid(RuntimeContext ctx, int pid, long startTime, int signal) {
        int pidfd;
        try {
            pidfd = ctx.posix().pidfdOpen(pid);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ESRCH) {
                return false;
            }
            throw e;
        }
        try {
            // The pidfd pins the process; checking the start time after opening it closes the race.
            boolean same = ProcStat.read(ctx.procRoot(), pid)
                    .filter(s -> startTime < 0 || s.startTime() == startTime).isPresent();
            if (!same) {
                return false;
            }
            try {
                ctx.posix().pidfdSendSignal(pidfd, signal);
            } catch (SyscallException e) {
                if (e.errno() == Errno.ESRCH) {
                    return false;
                }
                throw e;
            }
            return true;
        } finally {
            ctx.posix().close(pidfd);
        }
    }

    /** Every process in the container's cgroup (kill --all, and containers sharing a pid namespace). */
    static void everyProcess(RuntimeContext ctx, CgroupManager cgroup, int signal) {
        for (int pid : cgroup.pids()) {
            signalPid(ctx, pid, -1, signal);
        }
    }

    /** Waits (up to 10 s) until init is gone, after a SIGKILL. */
    static void waitUntilGone(RuntimeContext ctx, ContainerState state) {
        poll(() -> !ContainerStatus.isAlive(state, ctx.procRoot()), 10_000);
    }

    /** Waits (up to timeoutMs) until no process is left in the cgroup. */
    static void waitUntilEmpty(CgroupManager cgroup, long timeoutMs) {
        poll(() -> cgroup.pids().isEmpty(), timeoutMs);
    }

    /**
     * Polls from 0.1 ms up to every 10 ms: a killed process is usually gone within a millisecond,
     * and a fixed 10 ms sleep made that the cost of every `delete --force`.
     */
    private static void poll(java.util.function.BooleanSupplier done, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        for (long pauseUs = 100; !done.getAsBoolean() && System.nanoTime() < deadline; pauseUs = Math.min(pauseUs * 2, 10_000)) {
            try {
                Thread.sleep(java.time.Duration.ofNanos(pauseUs * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
