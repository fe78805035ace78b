package io.jrun.state;

import io.jrun.error.JrunException;
import java.nio.file.Path;

/** A state.json that cannot be read: named, so that list can skip it and delete --force remove it. */
public final class CorruptStateException extends JrunException {
    private final String id;

    public CorruptStateException(String id, Path file) {
        super("the state of container " + id + " is unreadable (" + file + " is not valid JSON)");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
