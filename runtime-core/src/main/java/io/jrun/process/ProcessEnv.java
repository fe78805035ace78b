package io.jrun.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The environment the user's process gets: config.json's, plus HOME when it is missing (as runc). */
public final class ProcessEnv {
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ProcessEnv() {}

    public static List<String> build(List<String> env, Optional<String> home) {
        List<String> out = new ArrayList<>(env);
        if (env.stream().noneMatch(e -> e.startsWith("HOME="))) {
            out.add("HOME=" + home.orElse("/"));
        }
        return out;
    }

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

    /** The home directory of uid in an /etc/passwd text, if listed. */
    public static Optional<String> homeOf(String passwd, long uid) {
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 7 && f[2].equals(Long.toString(uid)) && !f[5].isEmpty()) {
                return Optional.of(f[5]);
            }
        }
        return Optional.empty();
    }
}
