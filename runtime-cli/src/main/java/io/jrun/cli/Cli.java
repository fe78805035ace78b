package io.jrun.cli;

import io.jrun.cgroup.EmptyParents;
import io.jrun.error.JrunException;
import io.jrun.front.Front;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Runs one command line and renders every error once, here: one line on stderr,
 * "jrun: &lt;command&gt; [&lt;id&gt;]: &lt;what failed&gt;: &lt;why&gt;", also logged at error level for
 * callers that read the --log file, and exit status 1 (runc's).
 */
public final class Cli {
    private Cli() {}

    public static int execute(Front front) {
        return execute(front, "a cold brain (pid " + ProcessHandle.current().pid() + ")", null);
    }

    /**
     * servedBy: which brain answers, for --debug (the warm one says so); parents: where the parent
     * cgroups a deleted container leaves go (null: removed at once, as a cold jrun does).
     */
    public static int execute(Front front, String servedBy, EmptyParents parents) {
        PrintWriter out = FrontOutput.writer(front, 1);
        PrintWriter err = FrontOutput.writer(front, 2);
        JrunCommand top = new JrunCommand(front, out, err, servedBy, parents);
        List<String> argv = front.client().args();
        CommandLine cl = new CommandLine(top);
        Verbs.register(cl, argv);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, sub, parsed) -> {
            Object cmd = sub.getCommand();
            String id = cmd instanceof Verb v ? v.containerId() : null;
            String prefix = sub.getCommandName() + (id == null ? "" : " " + id);
            top.log().error(prefix + ": " + describe(ex));
            if (!(ex instanceof JrunException) && top.debug) {
                ex.printStackTrace(err);
            }
            return ex instanceof JrunException j ? j.exitCode() : 1;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            String name = ex.getCommandLine().getCommandName();
            String msg = ex.getMessage();
            if (name.equals("jrun") && ex instanceof CommandLine.UnmatchedArgumentException u
                    && !u.getUnmatched().isEmpty() && !u.getUnmatched().getFirst().startsWith("-")) {
                msg = "unknown command \"" + u.getUnmatched().getFirst() + "\""; // not "unmatched argument at index 2"
            }
            msg = msg.isEmpty() ? msg : msg.substring(0, 1).toLowerCase(Locale.ROOT) + msg.substring(1);
            top.log().error((name.equals("jrun") ? "" : name + ": ") + msg + " (see 'jrun "
                    + (name.equals("jrun") ? "" : name + " ") + "--help')");
            return 1;
        });
        int code = cl.execute(argv.toArray(String[]::new));
        out.flush();
        err.flush();
        return code;
    }

    /** The "what failed: why" part of an error line. */
    static String describe(Throwable ex) {
        if (ex instanceof JrunException) {
            return ex.getMessage();
        }
        if (ex instanceof UncheckedIOException u) {
            return u.getMessage() + ": " + ioReason(u.getCause());
        }
        return "internal error: " + ex;
    }

    static String ioReason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
