package io.jrun.error;

/** A cgroup could not be set up, changed or read: a value the kernel refused, a missing controller. */
public final class CgroupException extends JrunException {
    public CgroupException(String message) {
        super(message);
    }
}
