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

    /** Waits for a child of the front (a foreground container's init), relaying signals to it. */
    ExitStatus waitFor(int pid);

    /** Ends the command: the front exits with this code. */
    void exit(int code);
}
