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

    /** Runs the plan in a new process tree; returns init's pid once it waits for start. */
    SpawnResult spawn(Plan plan);

    /** Waits for a child of the front (a foreground container's init), relaying signals to it. */
    ExitStatus waitFor(int pid);

    /** Ends the command: the front exits with this code. */
    void exit(int code);
}
