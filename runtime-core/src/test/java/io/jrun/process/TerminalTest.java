package io.jrun.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.UsageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** runc's rules for who gets a terminal and how. */
class TerminalTest {
    private static final Path SOCKET = Path.of("/tmp/console.sock");

    @Test
    void aSocketNeedsATerminal() {
        UsageException e = assertThrows(UsageException.class, () -> Terminal.check(false, SOCKET, false));
        assertEquals("--console-socket: the process has no terminal (process.terminal is false)", e.getMessage());
    }

    @Test
    void aDetachedTerminalNeedsASocket() {
        UsageException e = assertThrows(UsageException.class, () -> Terminal.check(true, null, false));
        assertEquals("process.terminal: a terminal for a detached process needs --console-socket", e.getMessage());
    }

    @Test
    void aForegroundTerminalIsRelayedAndASocketAlwaysWorks() {
        assertTrue(Terminal.check(true, null, true));
        assertTrue(Terminal.check(true, SOCKET, false));
        assertTrue(Terminal.check(true, SOCKET, true));
        assertFalse(Terminal.check(false, null, false));
        assertFalse(Terminal.check(false, null, true));
    }
}
