package io.jrun.testing;

import io.jrun.error.Errno;
import io.jrun.error.SyscallException;
import io.jrun.os.Posix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Posix} without system calls. Processes are the directories of a fake proc root: pidfd_open
 * fails with ESRCH when /proc/&lt;pid&gt; is missing, and SIGKILL removes it (the process dies).
 * mkfifo makes a plain file; writeFifo succeeds while {@link #fifoReader} is true.
 */
public class FakePosix implements Posix {
    /** A signal sent through a pidfd. */
    public record Sent(int pid, int signal) {}

    private final Path procRoot;
    private final Map<Integer, Integer> pidfds = new HashMap<>();
    private int nextFd = 100;

    public final List<Sent> signals = new ArrayList<>();
    public final List<Path> fifos = new ArrayList<>();
    public final List<Path> fifoWrites = new ArrayList<>();
    public final List<Path> locked = new ArrayList<>();
    public boolean fifoReader = true;
    public boolean sigkillKills = true;
    public int openLocks;
    public int openPidfds;

    public FakePosix(Path procRoot) {
        this.procRoot = procRoot;
    }

    @Override
    public int pidfdOpen(int pid) {
        if (pid <= 0 || !Files.isDirectory(procRoot.resolve(Integer.toString(pid)))) {
            throw new SyscallException("pidfd_open " + pid, Errno.ESRCH);
        }
        int fd = nextFd++;
        pidfds.put(fd, pid);
        openPidfds++;
        return fd;
    }

    @Override
    public void pidfdSendSignal(int pidfd, int signal) {
        Integer pid = pidfds.get(pidfd);
        if (pid == null) {
            throw new SyscallException("pidfd_send_signal", Errno.EBADF);
        }
        Path dir = procRoot.resolve(Integer.toString(pid));
        if (!Files.isDirectory(dir)) {
            throw new SyscallException("pidfd_send_signal", Errno.ESRCH);
        }
        signals.add(new Sent(pid, signal));
        if (signal == 9 && sigkillKills) {
            ProcTree.deleteTree(dir);
        }
    }

    @Override
    public void close(int fd) {
        if (pidfds.remove(fd) != null) {
            openPidfds--;
        }
    }

    @Override
    public void mkfifo(Path path, int mode) {
        try {
            Files.createFile(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fifos.add(path);
    }

    @Override
    public boolean writeFifo(Path path, byte value) {
        if (!Files.exists(path)) {
            throw new SyscallException("open " + path, Errno.ENOENT);
        }
        if (!fifoReader) {
            return false;
        }
        fifoWrites.add(path);
        return true;
    }

    @Override
    public Lock lockDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new SyscallException("open " + dir, Errno.ENOENT);
        }
        locked.add(dir);
        openLocks++;
        boolean[] closed = {false};
        return () -> {
            if (!closed[0]) {
                closed[0] = true;
                openLocks--;
            }
        };
    }
}
