package io.jrun.cli;

import io.jrun.front.Front;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The caller's stdout or stderr, written through the front; buffered until flush. */
final class FrontOutput extends OutputStream {
    private final Front front;
    private final int fd;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    FrontOutput(Front front, int fd) {
        this.front = front;
        this.fd = fd;
    }

    static PrintWriter writer(Front front, int fd) {
        return new PrintWriter(new java.io.OutputStreamWriter(new FrontOutput(front, fd), StandardCharsets.UTF_8), false);
    }

    @Override
    public void write(int b) {
        buffer.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        buffer.write(b, off, len);
    }

    @Override
    public void flush() {
        if (buffer.size() > 0) {
            front.write(fd, buffer.toByteArray());
            buffer.reset();
        }
    }
}
