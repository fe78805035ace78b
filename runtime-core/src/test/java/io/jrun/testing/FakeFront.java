package io.jrun.testing;

import io.jrun.front.Client;
import io.jrun.front.ExitStatus;
import io.jrun.front.Front;
import io.jrun.front.SpawnResult;
import io.jrun.plan.Plan;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A front that records what the brain asks and answers SPAWN with a function of the plan. */
public final class FakeFront implements Front {
    private final Client client;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    public final List<Plan> spawned = new ArrayList<>();
    public final List<Integer> waited = new ArrayList<>();
    public Function<Plan, SpawnResult> onSpawn = plan -> {
        throw new AssertionError("unexpected spawn");
    };
    public ExitStatus exitStatus = new ExitStatus(false, 0);
    public byte[] stdin = new byte[0];
    public Integer exitCode;

    public FakeFront(Client client) {
        this.client = client;
    }

    public static Client client(int pid, Path cwd, String... args) {
        return new Client(List.of(args), Map.of("PATH", "/usr/bin"), cwd, 0, 0, pid);
    }

    @Override
    public Client client() {
        return client;
    }

    /** For each spawn, whether the caller's termination signals were to be held for a foreground run. */
    public final java.util.List<Boolean> heldSignals = new java.util.ArrayList<>();

    @Override
    public void write(int fd, byte[] data) {
        (fd == 2 ? stderr : stdout).writeBytes(data);
    }

    @Override
    public byte[] readStdin() {
        return stdin;
    }

    @Override
    public SpawnResult spawn(Plan plan, boolean holdSignals) {
        spawned.add(plan);
        heldSignals.add(holdSignals);
        return onSpawn.apply(plan);
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
        waited.add(pid);
        return exitStatus;
    }

    @Override
    public void exit(int code) {
        exitCode = code;
    }

    public String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    public String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }
}
