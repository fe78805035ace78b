package io.jrun.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs dist/jrun/bin/jrun as a caller would, with --root pointing at the test's state directory.
 * stdout and stderr go to files, not pipes: a created container inherits them and would keep a
 * pipe open long after jrun exits.
 */
final class Jrun {
    static final Path BINARY = Path.of(System.getProperty("jrun.home", "dist/jrun"), "bin", "jrun").toAbsolutePath();

    record Result(int exitCode, String stdout, String stderr) {
        String out() {
            return stdout.strip();
        }

        /** The single error line jrun prints on failure. */
        String errorLine() {
            return stderr.strip();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private final Path root;
    private final Path scratch;
    /** Runs jrun as another user: the command before jrun's, and no --root (jrun's default is tested). */
    private final List<String> asUser;

    Jrun(Path root, Path scratch) {
        this(root, scratch, List.of());
    }

    private Jrun(Path root, Path scratch, List<String> asUser) {
        this.root = root;
        this.scratch = scratch;
        this.asUser = asUser;
    }

    /** jrun run by uid:gid (no supplementary groups) with XDG_RUNTIME_DIR=runtimeDir, as a rootless user would. */
    static Jrun asUser(long uid, long gid, Path runtimeDir, Path scratch) {
        return new Jrun(runtimeDir.resolve("jrun"), scratch, List.of("setpriv", "--reuid=" + uid, "--regid=" + gid,
                "--clear-groups", "env", "XDG_RUNTIME_DIR=" + runtimeDir));
    }

    Path root() {
        return root;
    }

    Result run(String... args) {
        return exec(null, null, Map.of(), args);
    }

    Result runIn(Path cwd, String... args) {
        return exec(cwd, null, Map.of(), args);
    }

    Result runWithInput(String stdin, String... args) {
        return exec(null, stdin, Map.of(), args);
    }

    /** Starts jrun without waiting (for `run` in the foreground, killed from the test). */
    Process start(String... args) {
        try {
            ProcessBuilder pb = builder(null, args);
            Path out = Files.createTempFile(scratch, "out", ".txt");
            pb.redirectOutput(out.toFile());
            pb.redirectError(out.toFile());
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts jrun with its stdout readable as a stream (events); stderr goes to a file. */
    Process startPiped(String... args) {
        try {
            ProcessBuilder pb = builder(null, args);
            pb.redirectError(Files.createTempFile(scratch, "err", ".txt").toFile());
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result exec(Path cwd, String stdin, Map<String, String> env, String... args) {
        try {
            ProcessBuilder pb = builder(cwd, args);
            pb.environment().putAll(env);
            Path out = Files.createTempFile(scratch, "out", ".txt");
            Path err = Files.createTempFile(scratch, "err", ".txt");
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process p = pb.start();
            if (stdin != null) {
                try (var in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("jrun " + String.join(" ", args) + " did not finish within 60 s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private ProcessBuilder builder(Path cwd, String... args) {
        List<String> cmd = new ArrayList<>(asUser);
        cmd.add(BINARY.toString());
        if (asUser.isEmpty()) {
            cmd.add("--root");
            cmd.add(root.toString());
        }
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        return pb;
    }
}
