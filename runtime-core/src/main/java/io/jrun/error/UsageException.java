package io.jrun.error;

/** Bad arguments on the command line (an unknown signal, a malformed id...). */
public final class UsageException extends JrunException {
    public UsageException(String message) {
        super(message);
    }
}
