package io.jrun.error;

/**
 * The root of jrun's typed errors. The message is the part after "jrun: <command> <id>: ", lower
 * case and without a trailing period, in runc's words where clients match on them.
 */
public abstract class JrunException extends RuntimeException {
    protected JrunException(String message) {
        super(message);
    }

    protected JrunException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The exit status the CLI uses for this error. */
    public int exitCode() {
        return 1;
    }
}
