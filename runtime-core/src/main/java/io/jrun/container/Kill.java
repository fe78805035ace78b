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
        for (int i = 0; i < 1000 && ContainerStatus.isAlive(state, ctx.procRoot()); i++) {
            sleep(10);
        }
    }

    /** Waits (up to timeoutMs) until no process is left in the cgroup. */
    static void waitUntilEmpty(CgroupManager cgroup, long timeoutMs) {
        for (long i = 0; i < timeoutMs / 10 && !cgroup.pids().isEmpty(); i++) {
            sleep(10);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
