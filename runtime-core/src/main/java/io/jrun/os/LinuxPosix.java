package io.jrun.os;

import io.jrun.error.Errno;
import io.jrun.error.SyscallException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/** {@link Posix} through Java's foreign function API (libc, errno captured per call). */
public final class LinuxPosix implements Posix {
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;
    private static final int O_WRONLY = 01;
    private static final int O_RDONLY = 0;
    private static final int O_NONBLOCK = 04000;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;
    private static final int LOCK_EX = 2;

    /** The linker and errno capture, set up on the first syscall, not when a command starts. */
    private static final class Ffm {
        static final Linker LINKER = Linker.nativeLinker();
        static final StructLayout STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    }

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;

    // Each downcall handle in a holder of its own, made on first use: a handle costs a few
    // milliseconds of generated code at startup, and most commands need one or two of them.
    private static final class Syscall2 {
        static final MethodHandle H = handle("syscall",
                FunctionDescriptor.of(LONG, LONG, INT, INT), Linker.Option.firstVariadicArg(1));
    }
    private static final class Syscall4 {
        static final MethodHandle H = handle("syscall",
                FunctionDescriptor.of(LONG, LONG, INT, INT, ADDR, INT), Linker.Option.firstVariadicArg(1));
    }
    private static final class Open {
        static final MethodHandle H = handle("open", FunctionDescriptor.of(INT, ADDR, INT, INT),
                Linker.Option.firstVariadicArg(2));
    }
    private static final class Close {
        static final MethodHandle H = handle("close", FunctionDescriptor.of(INT, INT));
    }
    private static final class Write {
        static final MethodHandle H = handle("write", FunctionDescriptor.of(LONG, INT, ADDR, LONG));
    }
    private static final class Mkfifo {
        static final MethodHandle H = handle("mkfifo", FunctionDescriptor.of(INT, ADDR, INT));
    }
    private static final class Flock {
        static final MethodHandle H = handle("flock", FunctionDescriptor.of(INT, INT, INT));
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Ffm.CAPTURE;
        System.arraycopy(extra, 0, options, 1, extra.length);
        MemorySegment symbol = Ffm.LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("libc has no " + name));
        return Ffm.LINKER.downcallHandle(symbol, fd, options);
    }

    private static int errno(MemorySegment state) {
        return (int) Ffm.ERRNO.get(state, 0L);
    }

    @Override
    public int pidfdOpen(int pid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(Ffm.STATE);
            long fd = (long) Syscall2.H.invokeExact(st, SYS_PIDFD_OPEN, pid, 0);
            if (fd < 0) {
                throw new SyscallException("pidfd_open " + pid, errno(st));
            }
            return (int) fd;
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void pidfdSendSignal(int pidfd, int signal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(Ffm.STATE);
            long rc = (long) Syscall4.H.invokeExact(st, SYS_PIDFD_SEND_SIGNAL, pidfd, signal, MemorySegment.NULL, 0);
            if (rc < 0) {
                throw new SyscallException("signal " + signal, errno(st));
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) Close.H.invokeExact(a.allocate(Ffm.STATE), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void mkfifo(Path path, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(Ffm.STATE);
            int rc = (int) Mkfifo.H.invokeExact(st, a.allocateFrom(path.toString()), mode);
            if (rc < 0) {
                throw new SyscallException("mkfifo " + path, errno(st));
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public boolean writeFifo(Path path, byte value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(Ffm.STATE);
            int fd = (int) Open.H.invokeExact(st, a.allocateFrom(path.toString()), O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0);
            if (fd < 0) {
                int e = errno(st);
                if (e == Errno.ENXIO) {
                    return false;
                }
                throw new SyscallException("open " + path, e);
            }
            try {
                MemorySegment buf = a.allocate(1);
                buf.set(ValueLayout.JAVA_BYTE, 0, value);
                long n = (long) Write.H.invokeExact(st, fd, buf, 1L);
                if (n != 1) {
                    throw new SyscallException("write " + path, errno(st));
                }
                return true;
            } finally {
                close(fd);
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public Lock lockDirectory(Path dir) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(Ffm.STATE);
            int fd = (int) Open.H.invokeExact(st, a.allocateFrom(dir.toString()), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
            if (fd < 0) {
                throw new SyscallException("open " + dir, errno(st));
            }
            int rc;
            do {
                rc = (int) Flock.H.invokeExact(st, fd, LOCK_EX);
            } while (rc < 0 && errno(st) == Errno.EINTR);
            if (rc < 0) {
                int e = errno(st);
                close(fd);
                throw new SyscallException("lock " + dir, e);
            }
            return () -> close(fd);
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
