package io.jrun.os;

import io.jrun.error.Errno;
import io.jrun.error.SyscallException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@link Posix} through lib/libjrunposix.so (native-shim/src/posix_jni.c): the same calls as
 * {@link LinuxPosix}, without FFM's per-function code generation at startup. Natives return the
 * result or -errno.
 */
public final class JniPosix implements Posix {
    private static final int O_WRONLY = 01;
    private static final int O_RDONLY = 0;
    private static final int O_NONBLOCK = 04000;
    private static final int O_DIRECTORY = 0200000;

    JniPosix() {}

    static native int open0(byte[] path, int flags);

    static native int mkfifo0(byte[] path, int mode);

    static native int writeByte0(int fd, byte value);

    static native int flockExclusive0(int fd);

    static native int close0(int fd);

    static native int pidfdOpen0(int pid);

    static native int pidfdSendSignal0(int pidfd, int signal);

    private static byte[] bytes(Path path) {
        return path.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int pidfdOpen(int pid) {
        int fd = pidfdOpen0(pid);
        if (fd < 0) {
            throw new SyscallException("pidfd_open " + pid, -fd);
        }
        return fd;
    }

    @Override
    public void pidfdSendSignal(int pidfd, int signal) {
        int rc = pidfdSendSignal0(pidfd, signal);
        if (rc < 0) {
            throw new SyscallException("signal " + signal, -rc);
        }
    }

    @Override
    public void close(int fd) {
        close0(fd);
    }

    @Override
    public void mkfifo(Path path, int mode) {
        int rc = mkfifo0(bytes(path), mode);
        if (rc < 0) {
            throw new SyscallException("mkfifo " + path, -rc);
        }
    }

    @Override
    public boolean writeFifo(Path path, byte value) {
        int fd = open0(bytes(path), O_WRONLY | O_NONBLOCK);
        if (fd < 0) {
            if (-fd == Errno.ENXIO) {
                return false;
            }
            throw new SyscallException("open " + path, -fd);
        }
        try {
            int n = writeByte0(fd, value);
            if (n != 1) {
                throw new SyscallException("write " + path, -n);
            }
            return true;
        } finally {
            close0(fd);
        }
    }

    @Override
    public Lock lockDirectory(Path dir) {
        int fd = open0(bytes(dir), O_RDONLY | O_DIRECTORY);
        if (fd < 0) {
            throw new SyscallException("open " + dir, -fd);
        }
        int rc = flockExclusive0(fd);
        if (rc < 0) {
            close0(fd);
            throw new SyscallException("lock " + dir, -rc);
        }
        return () -> close0(fd);
    }
}
