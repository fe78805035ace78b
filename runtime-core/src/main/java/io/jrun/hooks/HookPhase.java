package io.jrun.hooks;

import io.jrun.spec.Hook;
import io.jrun.spec.Hooks;
import java.util.List;

/**
 * The six hook points of the runtime spec: where each runs, and the status its state JSON shows.
 * prestart (deprecated) runs with createRuntime, as runc runs it.
 */
public enum HookPhase {
    PRESTART("prestart", "creating"),
    CREATE_RUNTIME("createRuntime", "creating"),
    CREATE_CONTAINER("createContainer", "creating"),
    START_CONTAINER("startContainer", "created"),
    POSTSTART("poststart", "running"),
    POSTSTOP("poststop", "stopped");

    private final String specName;
    private final String status;

    HookPhase(String specName, String status) {
        this.specName = specName;
        this.status = status;
    }

    public String specName() {
        return specName;
    }

    public String status() {
        return status;
    }

    public List<Hook> of(Hooks hooks) {
        if (hooks == null) {
            return List.of();
        }
        return switch (this) {
            case PRESTART -> hooks.prestart();
            case CREATE_RUNTIME -> hooks.createRuntime();
            case CREATE_CONTAINER -> hooks.createContainer();
            case START_CONTAINER -> hooks.startContainer();
            case POSTSTART -> hooks.poststart();
            case POSTSTOP -> hooks.poststop();
        };
    }
}
