package io.jrun.front;

/** How a process ended: an exit code, or a signal. */
public record ExitStatus(boolean signaled, int value) {
    /** The shell convention runc follows: the code, or 128 + the signal number. */
    public int asExitCode() {
        return signaled ? 128 + value : value;
    }
}
