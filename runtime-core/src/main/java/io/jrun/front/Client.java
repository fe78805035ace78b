package io.jrun.front;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Who called jrun, from where, with what: the HELLO message. */
public record Client(List<String> args, Map<String, String> env, Path cwd, int uid, int gid, int pid) {
    public Client {
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    /** A path given on the command line, resolved against the caller's working directory. */
    public Path resolve(String path) {
        return cwd.resolve(path).normalize();
    }
}
