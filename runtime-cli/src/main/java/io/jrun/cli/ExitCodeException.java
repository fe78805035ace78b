package io.jrun.cli;

import io.jrun.error.JrunException;

/** An error whose command exits with a status of its own (exec's 255), with the cause's message. */
final class ExitCodeException extends JrunException {
    private final int code;

    ExitCodeException(JrunException cause, int code) {
        super(cause.getMessage(), cause);
        this.code = code;
    }

    @Override
    public int exitCode() {
        return code;
    }
}
