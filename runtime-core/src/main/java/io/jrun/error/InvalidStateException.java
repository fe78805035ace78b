package io.jrun.error;

/** The container is not in a state that allows the operation (start a running one, ...). */
public final class InvalidStateException extends JrunException {
    public InvalidStateException(String message) {
        super(message);
    }

    /** containerd classifies kill errors containing this text as "process already finished". */
    public static InvalidStateException notRunning() {
        return new InvalidStateException("container not running");
    }
}
