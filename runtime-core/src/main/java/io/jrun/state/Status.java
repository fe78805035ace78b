package io.jrun.state;

import java.util.Locale;

/** The runtime-spec lifecycle states, plus runc's "paused". */
public enum Status {
    CREATING, CREATED, RUNNING, PAUSED, STOPPED;

    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
