package io.jrun.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The master end of a pty, as a terminal emulator holds it: either a new pty of the host (whose peer
 * a process is started on) or a master received from jrun on a console socket. Reading keeps a
 * transcript, so that a test can wait for text and show what it saw when the text never comes.
 */
final class Pty implements AutoCloseable {
    private final int master;
    /** The peer's path: on the host for {@link #open()}, in the container for a received master. */
    final String peer;
    private final StringBuilder transcript = new StringBuilder();
    /** Where the next {@link #expect} starts looking in the transcript. */
    private int mark;
    private boolean hungUp;
    private boolean closed;

    Pty(int master, String peer) {
        this.master = master;
        this.peer = peer;
    }

    /** A new pty of the host: posix_openpt, grantpt, unlockpt, ptsname_r. */
    static Pty open() {
        Libc.NewPty p = Libc.openPty();
        return new Pty(p.master(), p.peer());
    }

    /**
     * Starts a command in a new session whose controlling terminal and stdio are this pty's peer
     * (setsid -c), so that the pty's window size changes reach it as SIGWINCH.
     */
    Process startInSession(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("setsid", "-c", "-w"));
        cmd.addAll(command);
        File tty = new File(peer);
        try {
            // Java opens the redirections itself, without O_NOCTTY: a session leader with no
            // terminal would take this pty as its own and get its hang-up.
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (Long.parseLong(f[3]) == ProcessHandle.current().pid()) {
                throw new IllegalStateException("the test JVM leads its session: it cannot open a pty peer safely");
            }
            return new ProcessBuilder(cmd).redirectInput(tty).redirectOutput(tty).redirectError(tty).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(String keys) {
        Libc.writeFully(master, keys.getBytes(StandardCharsets.UTF_8));
    }

    void resize(int rows, int cols) {
        Libc.setWindowSize(master, rows, cols);
    }

    /** termios flags {iflag, oflag, cflag, lflag} of the peer, read through a descriptor of its own. */
    int[] peerTermios() {
        int fd = Libc.open(peer, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC);
        try {
            return Libc.termiosFlags(fd);
        } finally {
            Libc.close(fd);
        }
    }

    /**
     * Reads until the output since the last match contains text; returns that output up to and
     * including text. Fails with the transcript after the timeout or when the pty hangs up first.
     */
    String expect(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            int at = transcript.indexOf(text, mark);
            if (at >= 0) {
                String seen = transcript.substring(mark, at + text.length());
                mark = at + text.length();
                return seen;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (hungUp || left <= 0) {
                throw new AssertionError("expected " + quote(text) + " on the terminal "
                        + (hungUp ? "before it hung up" : "within " + timeout.toMillis() + " ms")
                        + "; after the last match it showed:\n" + quote(transcript.substring(mark)));
            }
            readSome(left);
        }
    }

    /** Reads until the pty hangs up (every peer descriptor closed): whether that happened in time. */
    boolean awaitHangUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!hungUp) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            readSome(left);
        }
        return true;
    }

    /** Everything read so far. */
    String transcript() {
        return transcript.toString();
    }

    private void readSome(long timeoutMillis) {
        if (Libc.poll(master, Libc.POLLIN, timeoutMillis) == 0) {
            return;
        }
        try {
            byte[] b = Libc.read(master, 4096);
            if (b.length == 0) {
                hungUp = true;
            }
            transcript.append(new String(b, StandardCharsets.UTF_8));
        } catch (Libc.Failure e) {
            if (e.errno != Libc.EIO) {
                throw e;
            }
            hungUp = true; // a master reads EIO once no one holds its peer
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\r", "\\r").replace("\n", "\\n\n").replace("\u001b", "\\e") + "\"";
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(master);
        }
    }
}
