package io.jrun.cli;

import io.jrun.cgroup.CgroupFs;
import io.jrun.cgroup.EmptyParents;
import io.jrun.container.RuntimeContext;
import io.jrun.front.Front;
import io.jrun.os.HostPosix;
import io.jrun.os.Posix;
import io.jrun.state.StateStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The top command: runc's global options, given before the subcommand (see {@link Verbs}). */
@Command(name = "jrun",
        versionProvider = VersionProvider.class,
        description = "jrun runs OCI containers (a runc-compatible runtime with a Java core).")
final class JrunCommand implements Runnable {
    @Option(names = "--root", paramLabel = "DIR",
            description = "directory for container state (default: /run/jrun; for a user other than root, $XDG_RUNTIME_DIR/jrun)")
    String root;

    @Option(names = "--log", paramLabel = "FILE", description = "also append log lines to FILE (errors still go to stderr)")
    String logFile;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
            description = "format of --log lines: text or json (default: ${DEFAULT-VALUE})")
    LogFormat logFormat;

    @Option(names = "--debug", description = "log what jrun does")
    boolean debug;

    @Option(names = "--systemd-cgroup", description = "use the systemd cgroup driver (not supported: jrun uses cgroupfs)")
    boolean systemdCgroup;

    @Option(names = "--rootless", paramLabel = "true|false|auto", arity = "0..1", fallbackValue = "true",
            description = "accepted for compatibility with runc")
    String rootless;

    @Option(names = {"-v", "--version"}, versionHelp = true, description = "print the version")
    boolean version;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Spec
    CommandSpec spec;

    enum LogFormat { text, json }

    final Front front;
    final PrintWriter out;
    final PrintWriter err;
    private RuntimeLog log;

    private final String servedBy;
    private final EmptyParents parents;

    JrunCommand(Front front, PrintWriter out, PrintWriter err, String servedBy, EmptyParents parents) {
        this.front = front;
        this.out = out;
        this.err = err;
        this.servedBy = servedBy;
        this.parents = parents;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out);
    }

    RuntimeLog log() {
        if (log == null) {
            Path file = logFile == null || logFile.isEmpty() ? null : front.client().resolve(logFile);
            log = new RuntimeLog(file, logFormat == LogFormat.json, debug, err);
        }
        return log;
    }

    RuntimeContext context() {
        if (rootless != null && !List.of("true", "false", "auto").contains(rootless)) {
            throw new io.jrun.error.UsageException("--rootless: must be true, false or auto, not \"" + rootless + "\"");
        }
        log().open();
        log().debug("served by " + servedBy);
        if (systemdCgroup) {
            throw new io.jrun.error.UsageException(
                    "the systemd cgroup driver (--systemd-cgroup) is not supported: jrun manages cgroups through cgroupfs");
        }
        Posix posix = HostPosix.get();
        StateStore store = new StateStore(front.client().resolve(stateRoot()), posix);
        return parents == null ? new RuntimeContext(store, posix, front, Path.of("/proc"), log())
                : new RuntimeContext(store, posix, front, Path.of("/proc"), log(), CgroupFs.KERNEL, parents);
    }

    /** runc's default: a rootless user's containers live in its own runtime directory. */
    private String stateRoot() {
        if (root != null) {
            return root;
        }
        String xdg = front.client().env().get("XDG_RUNTIME_DIR");
        return front.client().uid() != 0 && xdg != null && !xdg.isEmpty() ? xdg + "/jrun" : "/run/jrun";
    }
}
