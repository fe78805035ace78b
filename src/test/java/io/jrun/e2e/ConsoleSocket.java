package io.jrun.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * The caller's side of --console-socket: a listening unix stream socket on which jrun connects and
 * sends the pty master (SCM_RIGHTS) with the pty's name as the data.
 */
final class ConsoleSocket implements AutoCloseable {
    final Path path;
    private final int fd;

    private ConsoleSocket(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    static ConsoleSocket listen(Path path) {
        return new ConsoleSocket(path, Libc.listenUnix(path));
    }

    /** Whether someone connected (or tried to) within the timeout. */
    boolean connected(Duration timeout) {
        return Libc.poll(fd, Libc.POLLIN, timeout.toMillis()) != 0;
    }

    /**
     * Accepts jrun's connection and receives the pty master: one message, one descriptor, the name
     * as the data. The master is the caller's to close.
     */
    Pty receive(Duration timeout) {
        if (!connected(timeout)) {
            throw new AssertionError("nobody connected to the console socket " + path + " within " + timeout.toMillis() + " ms");
        }
        int conn = Libc.accept(fd);
        try {
            if (Libc.poll(conn, Libc.POLLIN, timeout.toMillis()) == 0) {
                throw new AssertionError("nothing was sent on the console socket within " + timeout.toMillis() + " ms");
            }
            Libc.Received got = Libc.recvWithFds(conn, 256);
            if (got.fds().length != 1 || got.controlTruncated()) {
                Arrays.stream(got.fds()).forEach(Libc::close);
                throw new AssertionError("expected one descriptor on the console socket, got " + got.fds().length
                        + (got.controlTruncated() ? " (and more that did not fit)" : ""));
            }
            return new Pty(got.fds()[0], new String(got.data(), StandardCharsets.UTF_8));
        } finally {
            Libc.close(conn);
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
