package io.jrun.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Where args[0] may be found, in order, for the shim to try (it cannot read $PATH itself): the path
 * itself when it has a slash, else each $PATH directory, as execvp does.
 */
public final class ExecLookup {
    private ExecLookup() {}

    public static List<String> candidates(String arg0, List<String> env) {
        if (arg0.contains("/")) {
            return List.of(arg0);
        }
        String path = ProcessEnv.get(env, "PATH").orElse(ProcessEnv.DEFAULT_PATH);
        List<String> out = new ArrayList<>();
        for (String dir : path.split(":", -1)) {
            String d = dir.isEmpty() ? "." : dir;
            out.add(d.endsWith("/") ? d + arg0 : d + "/" + arg0);
        }
        return out;
    }

    /** runc's wording for an args[0] that cannot be executed. */
    public static String describeFailure(String arg0, boolean permissionDenied) {
        if (permissionDenied) {
            return "exec: \"" + arg0 + "\": permission denied";
        }
        return arg0.contains("/")
                ? "exec: \"" + arg0 + "\": stat " + arg0 + ": no such file or directory"
                : "exec: \"" + arg0 + "\": executable file not found in $PATH";
    }
}
