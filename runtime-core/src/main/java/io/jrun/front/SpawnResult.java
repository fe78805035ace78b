package io.jrun.front;

/** The outcome of a SPAWN: init's pid, or the failing step with its errno. */
public sealed interface SpawnResult {
    record Spawned(int pid) implements SpawnResult {}

    /**
     * init waits at a CHECKPOINT step: the brain runs the hooks of the runtime namespace, then
     * calls {@link Front#resume} (or {@link Front#abort}).
     */
    record Paused(int step, int initPid) implements SpawnResult {}

    /** step is the index in the plan, or -1 when no step failed (init died, fork failed). */
    record Failed(int step, int errno, String detail, int initPid) implements SpawnResult {}
}
