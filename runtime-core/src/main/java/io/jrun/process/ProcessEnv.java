package io.jrun.process;

import java.util.List;
import java.util.Optional;

/** Reading the process environment of config.json (HOME, when missing, is set by the shim). */
public final class ProcessEnv {
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ProcessEnv() {}

    public static Optional<String> get(List<String> env, String name) {
        String prefix = name + "=";
        String found = null;
        for (String e : env) {
            if (e.startsWith(prefix)) {
                found = e.substring(prefix.length()); // the last one wins, as for execve's callee
            }
        }
        return Optional.ofNullable(found);
    }
}
