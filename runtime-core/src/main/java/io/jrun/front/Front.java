package io.jrun.front;

import io.jrun.plan.Plan;

/**
 * What the brain asks of the native front: the caller's stdio, and the processes the brain must not
 * make itself. One implementation talks over the channel; tests use a fake.
 */
public interface Front {
    /** The caller's argv (without argv[0]), environment, working directory and ids. */
    Client client();

    void write(int fd, byte[] data);

    byte[] readStdin();

    /**
     * Runs the plan in a new process tree; returns init's pid once it waits for start. The
     * caller's termination signals are held meanwhile; with holdSignals (a foreground run) until
     * {@link #waitFor} forwards them to the container.
     */
    SpawnResult spawn(Plan plan, boolean holdSignals);

    /** Lets init go on from its checkpoint; data is what its CHECKPOINT step receives. */
    SpawnResult resume(byte[] data);

    /** Ends init at its checkpoint; the spawn then reports it failed. */
    SpawnResult abort();

    /**
     * Runs a hook in the runtime namespace (the front's): path with exactly this argv (argv[0]
     * included) and env, the state JSON on its stdin, killed after timeout seconds (0: none).
     */
    HookResult runHook(String path, java.util.List<String> argv, java.util.List<String> env, byte[] state, int timeout);

    /**
     * Sends the seccomp notify listener that init passed up during the last spawn to the unix
     * socket at path, with state (the container process state JSON) as payload.
     *
     * @throws io.jrun.error.SyscallException if it cannot be connected to or sent
     */
    void sendSeccompListener(String path, byte[] state);

    /** Waits for a child of the front (a foreground container's init), relaying signals to it. */
    ExitStatus waitFor(int pid);

    /** Ends the command: the front exits with this code. */
    void exit(int code);
}
