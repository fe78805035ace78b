package io.jrun.hooks;

import io.jrun.error.Errno;
import io.jrun.error.JrunException;

/** A hook that could not run, failed, or ran out of time: "createRuntime hook /bin/x: exit status 2". */
public final class HookFailedException extends JrunException {
    public HookFailedException(HookPhase phase, String path, int errno, String detail) {
        super(phase.specName() + " hook " + path + ": " + reason(errno, detail));
    }

    /** "exit status 2", "timed out after 5 s", or why it could not start ("no such file or directory"). */
    private static String reason(int errno, String detail) {
        if (errno == 0 || errno == Errno.ETIMEDOUT) {
            return detail == null || detail.isEmpty() ? "failed" : detail;
        }
        return Errno.describe(errno);
    }
}
