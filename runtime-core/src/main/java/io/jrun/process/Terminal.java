package io.jrun.process;

import io.jrun.error.UsageException;
import java.nio.file.Path;

/**
 * runc's rules for terminals: a console socket goes with process.terminal, and a terminal for a
 * process nobody waits for (create, run -d, exec -d) needs a console socket to hand the pty to.
 * Otherwise the front relays the caller's terminal.
 */
public final class Terminal {
    private Terminal() {}

    /** Whether the process gets a pty; refuses the combinations runc refuses. */
    public static boolean check(boolean terminal, Path consoleSocket, boolean foreground) {
        if (consoleSocket != null && !terminal) {
            throw new UsageException("--console-socket: the process has no terminal (process.terminal is false)");
        }
        if (terminal && consoleSocket == null && !foreground) {
            throw new UsageException("process.terminal: a terminal for a detached process needs --console-socket");
        }
        return terminal;
    }
}
