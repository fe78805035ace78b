package io.jrun.os;

import java.nio.file.Path;

/**
 * The few system calls the JVM itself makes. Everything that needs a single-threaded process
 * (fork, setns, unshare, mounts in a container) is done by the native shim instead. Failures throw
 * {@link io.jrun.error.SyscallException}.
 */
public interface Posix {
    /** pidfd_open(2): a handle that keeps naming this process even if its pid is reused. */
    int pidfdOpen(int pid);

    void pidfdSendSignal(int pidfd, int signal);

    void close(int fd);

    void mkfifo(Path path, int mode);

    /**
     * Opens a FIFO for writing without blocking and writes one byte. Returns false when no process
     * holds it open for reading (ENXIO): for the start fifo, that means init is gone.
     */
    boolean writeFifo(Path path, byte value);

    /** flock(LOCK_EX) on a directory; closing the handle releases it. */
    Lock lockDirectory(Path dir);

    interface Lock extends AutoCloseable {
        @Override
        void close();
    }
}
