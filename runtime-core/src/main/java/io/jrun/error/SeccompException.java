package io.jrun.error;

/** A seccomp filter could not be built: libseccomp missing, or refusing part of the profile. */
public final class SeccompException extends JrunException {
    public SeccompException(String message) {
        super(message);
    }
}
