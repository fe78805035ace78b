package io.jrun.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a client's command line (ctr, podman, docker) to completion, stdin from /dev/null. */
final class ClientCommand {
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private ClientCommand() {}

    /** Output goes through files in scratch: a pipe left open by a daemon it starts would hang us. */
    static Result run(List<String> cmd, Map<String, String> env, Path scratch) {
        try {
            Path out = Files.createTempFile(scratch, "out", ".txt");
            Path err = Files.createTempFile(scratch, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within 90 s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
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

    /** The command under script(1), which gives it a terminal of its own (for -t sessions). */
    static List<String> inTerminal(List<String> cmd) {
        StringBuilder line = new StringBuilder();
        for (String arg : cmd) {
            line.append(line.isEmpty() ? "" : " ").append("'").append(arg.replace("'", "'\\''")).append("'");
        }
        return List.of("script", "-qec", line.toString(), "/dev/null");
    }
}
