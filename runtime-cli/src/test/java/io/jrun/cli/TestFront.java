package io.jrun.cli;

import io.jrun.front.Client;
import io.jrun.front.ExitStatus;
import io.jrun.front.Front;
import io.jrun.front.SpawnResult;
import io.jrun.plan.Plan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A front that records WRITE calls and serves stdin from bytes; spawning is never expected from these tests. */
final class TestFront implements Front {
    record Write(int fd, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    static final int UID = 1234;
    static final int GID = 5678;
    private final Client client;
    final List<Write> writes = new ArrayList<>();
    byte[] stdin = new byte[0];

    TestFront(Path cwd, String... args) {
        this.client = new Client(List.of(args), Map.of("PATH", "/usr/bin:/bin"), cwd, UID, GID, 4321);
    }

    /** Runs the command line; returns its exit code. */
    static Result run(Path cwd, String... args) {
        return runWithStdin(cwd, new byte[0], args);
    }

    /** Runs the command line with stdin holding the given bytes. */
    static Result runWithStdin(Path cwd, byte[] stdin, String... args) {
        TestFront front = new TestFront(cwd, args);
        front.stdin = stdin.clone();
        int code = Cli.execute(front);
        return new Result(code, front.text(1), front.text(2), front);
    }

    record Result(int code, String out, String err, TestFront front) {}

    String text(int fd) {
        StringBuilder b = new StringBuilder();
        writes.stream().filter(w -> w.fd() == fd).forEach(w -> b.append(w.text()));
        return b.toString();
    }

    @Override
    public Client client() {
        return client;
    }

    @Override
    public void write(int fd, byte[] data) {
        writes.add(new Write(fd, data.clone()));
    }

    @Override
    public byte[] readStdin() {
        return stdin.clone();
    }

    @Override
    public SpawnResult spawn(Plan plan, boolean holdSignals) {
        throw new AssertionError("no spawn expected");
    }

    /** Answers to RESUME and ABORT after a checkpoint; by default the spawn then succeeds as configured. */
    public java.util.function.Function<byte[], io.jrun.front.SpawnResult> onResume =
            data -> new io.jrun.front.SpawnResult.Failed(-1, 0, "no resume configured", 0);
    public final java.util.List<byte[]> resumed = new java.util.ArrayList<>();
    public int aborts;
    /** Hooks run through this front, as "path argv0 argv1...", and how they end. */
    public final java.util.List<String> hooksRun = new java.util.ArrayList<>();
    public java.util.function.Function<String, io.jrun.front.HookResult> onHook = path -> new io.jrun.front.HookResult(true, 0, "");

    @Override
    public io.jrun.front.SpawnResult resume(byte[] data) {
        resumed.add(data);
        return onResume.apply(data);
    }

    @Override
    public io.jrun.front.SpawnResult abort() {
        aborts++;
        return new io.jrun.front.SpawnResult.Failed(-1, 0, "aborted", 0);
    }

    @Override
    public io.jrun.front.HookResult runHook(String path, java.util.List<String> argv, java.util.List<String> env, byte[] state,
            int timeout) {
        hooksRun.add(path + " " + String.join(" ", argv));
        return onHook.apply(path);
    }

    /** Where sendSeccompListener sent the listener: "path state-json". */
    public final java.util.List<String> listenersSent = new java.util.ArrayList<>();

    @Override
    public void sendSeccompListener(String path, byte[] state) {
        listenersSent.add(path + " " + new String(state, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public ExitStatus waitFor(int pid) {
        throw new AssertionError("no wait expected");
    }

    @Override
    public void exit(int code) {
        throw new AssertionError("Cli.execute does not exit: Main does");
    }
}
