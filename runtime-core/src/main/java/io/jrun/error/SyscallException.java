package io.jrun.error;

/**
 * A system call failed. Rendered as "op path: reason", e.g. {@code mount "proc" on /proc: permission denied}.
 */
public final class SyscallException extends JrunException {
    private final String operation;
    private final int errno;

    public SyscallException(String operation, int errno, String detail) {
        super(render(operation, errno, detail));
        this.operation = operation;
        this.errno = errno;
    }

    public SyscallException(String operation, int errno) {
        this(operation, errno, null);
    }

    public String operation() {
        return operation;
    }

    public int errno() {
        return errno;
    }

    private static String render(String operation, int errno, String detail) {
        String reason = errno > 0 ? Errno.describe(errno) : (detail == null ? "failed" : detail);
        if (errno > 0 && detail != null && !detail.isEmpty()) {
            reason = reason + " (" + detail + ")";
        }
        return reason.isEmpty() ? operation : operation + ": " + reason;
    }
}
