package io.jrun.e2e;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The few libc calls the terminal tests make (ptys, unix sockets, fd passing), through Java's foreign
 * function API with errno captured per call, as jrun's LinuxPosix does. Linux, LP64 (x86-64, arm64).
 */
final class Libc {
    private Libc() {}

    static final int O_RDWR = 02;
    static final int O_NOCTTY = 0400;
    static final int O_CLOEXEC = 02000000;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final short POLLIN = 0x1;
    static final int ICANON = 0x2;
    static final int ECHO = 0x8;

    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final long TIOCSWINSZ = 0x5414;
    private static final int SUN_PATH = 108;

    /** A failed call: what was called and its errno. */
    static final class Failure extends RuntimeException {
        final int errno;

        Failure(String what, int errno) {
            super(what + ": errno " + errno + " (" + strerror(errno) + ")");
            this.errno = errno;
        }
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final AddressLayout ADDR = ValueLayout.ADDRESS;

    private static final MethodHandle OPEN = handle("open", FunctionDescriptor.of(INT, ADDR, INT, INT), 2);
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(INT, INT), -1);
    private static final MethodHandle READ = handle("read", FunctionDescriptor.of(LONG, INT, ADDR, LONG), -1);
    private static final MethodHandle WRITE = handle("write", FunctionDescriptor.of(LONG, INT, ADDR, LONG), -1);
    private static final MethodHandle POLL = handle("poll", FunctionDescriptor.of(INT, ADDR, LONG, INT), -1);
    private static final MethodHandle IOCTL = handle("ioctl", FunctionDescriptor.of(INT, INT, LONG, ADDR), 2);
    private static final MethodHandle TCGETATTR = handle("tcgetattr", FunctionDescriptor.of(INT, INT, ADDR), -1);
    private static final MethodHandle POSIX_OPENPT = handle("posix_openpt", FunctionDescriptor.of(INT, INT), -1);
    private static final MethodHandle GRANTPT = handle("grantpt", FunctionDescriptor.of(INT, INT), -1);
    private static final MethodHandle UNLOCKPT = handle("unlockpt", FunctionDescriptor.of(INT, INT), -1);
    private static final MethodHandle PTSNAME_R = handle("ptsname_r", FunctionDescriptor.of(INT, INT, ADDR, LONG), -1);
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(INT, INT, INT, INT), -1);
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(INT, INT, ADDR, INT), -1);
    private static final MethodHandle LISTEN = handle("listen", FunctionDescriptor.of(INT, INT, INT), -1);
    private static final MethodHandle ACCEPT4 = handle("accept4", FunctionDescriptor.of(INT, INT, ADDR, ADDR, INT), -1);
    private static final MethodHandle RECVMSG = handle("recvmsg", FunctionDescriptor.of(LONG, INT, ADDR, INT), -1);
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LINKER.defaultLookup().find("strerror").orElseThrow(),
            FunctionDescriptor.of(ADDR, INT));

    /** struct iovec and struct msghdr (LP64). */
    private static final StructLayout IOVEC = MemoryLayout.structLayout(ADDR.withName("base"), LONG.withName("len"));
    private static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDR.withName("name"), INT.withName("namelen"), MemoryLayout.paddingLayout(4),
            ADDR.withName("iov"), LONG.withName("iovlen"),
            ADDR.withName("control"), LONG.withName("controllen"),
            INT.withName("flags"), MemoryLayout.paddingLayout(4));
    /** struct cmsghdr: cmsg_len (size_t), cmsg_level, cmsg_type, then the data. */
    private static final long CMSG_DATA = 16;

    private static MethodHandle handle(String name, FunctionDescriptor fd, int firstVariadic) {
        MemorySegment symbol = LINKER.defaultLookup().find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name));
        return firstVariadic < 0
                ? LINKER.downcallHandle(symbol, fd, Linker.Option.captureCallState("errno"))
                : LINKER.downcallHandle(symbol, fd, Linker.Option.captureCallState("errno"),
                        Linker.Option.firstVariadicArg(firstVariadic));
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "?";
        }
    }

    static int open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            int fd = (int) OPEN.invokeExact(st, a.allocateFrom(path), flags, 0);
            if (fd < 0) {
                throw new Failure("open " + path, errno(st));
            }
            return fd;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Closes fd; -1 is ignored, so that cleanup code can close what may not have been opened. */
    static void close(int fd) {
        if (fd < 0) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) CLOSE.invokeExact(a.allocate(STATE), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** One read of at most max bytes: an empty array at end of file. */
    static byte[] read(int fd, int max) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            MemorySegment buf = a.allocate(max);
            long n;
            do {
                n = (long) READ.invokeExact(st, fd, buf, (long) max);
            } while (n < 0 && errno(st) == EINTR);
            if (n < 0) {
                throw new Failure("read fd " + fd, errno(st));
            }
            return buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void writeFully(int fd, byte[] data) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            MemorySegment buf = a.allocateFrom(ValueLayout.JAVA_BYTE, data);
            long off = 0;
            while (off < data.length) {
                long n = (long) WRITE.invokeExact(st, fd, buf.asSlice(off), data.length - off);
                if (n < 0 && errno(st) == EINTR) {
                    continue;
                }
                if (n < 0) {
                    throw new Failure("write fd " + fd, errno(st));
                }
                off += n;
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** poll(2) on one fd: its revents, 0 if the timeout passed first. */
    static int poll(int fd, short events, long timeoutMillis) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            MemorySegment pfd = a.allocate(8, 4);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
            for (;;) {
                pfd.set(INT, 0, fd);
                pfd.set(ValueLayout.JAVA_SHORT, 4, events);
                pfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                int left = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                int rc = (int) POLL.invokeExact(st, pfd, 1L, left);
                if (rc < 0 && errno(st) == EINTR) {
                    continue;
                }
                if (rc < 0) {
                    throw new Failure("poll fd " + fd, errno(st));
                }
                return rc == 0 ? 0 : pfd.get(ValueLayout.JAVA_SHORT, 6);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** TIOCSWINSZ: struct winsize {unsigned short rows, cols, xpixel, ypixel}. */
    static void setWindowSize(int fd, int rows, int cols) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            MemorySegment ws = a.allocate(8, 2);
            ws.set(ValueLayout.JAVA_SHORT, 0, (short) rows);
            ws.set(ValueLayout.JAVA_SHORT, 2, (short) cols);
            int rc = (int) IOCTL.invokeExact(st, fd, TIOCSWINSZ, ws);
            if (rc < 0) {
                throw new Failure("ioctl TIOCSWINSZ fd " + fd, errno(st));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A seccomp notification: its id, the process's pid and the syscall number. */
    record SeccompNotification(long id, int pid, int syscall) {}

    /** SECCOMP_IOCTL_NOTIF_RECV: struct seccomp_notif {u64 id; u32 pid, flags; struct seccomp_data}. */
    static SeccompNotification seccompReceive(int listener) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            MemorySegment n = a.allocate(80, 8);
            int rc = (int) IOCTL.invokeExact(st, listener, 0xc0502100L, n);
            if (rc < 0) {
                throw new Failure("ioctl SECCOMP_IOCTL_NOTIF_RECV fd " + listener, errno(st));
            }
            return new SeccompNotification(n.get(LONG, 0), n.get(INT, 8), n.get(INT, 16));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** SECCOMP_IOCTL_NOTIF_SEND: struct seccomp_notif_resp {u64 id; s64 val; s32 error; u32 flags}. */
    static void seccompRespond(int listener, long id, int errno) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            MemorySegment r = a.allocate(24, 8);
            r.set(LONG, 0, id);
            r.set(LONG, 8, 0L);
            r.set(INT, 16, -errno);
            r.set(INT, 20, 0);
            int rc = (int) IOCTL.invokeExact(st, listener, 0xc0182101L, r);
            if (rc < 0) {
                throw new Failure("ioctl SECCOMP_IOCTL_NOTIF_SEND fd " + listener, errno(st));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** tcgetattr: {c_iflag, c_oflag, c_cflag, c_lflag}, the first four fields of struct termios. */
    static int[] termiosFlags(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            MemorySegment t = a.allocate(128, 8); // glibc's struct termios is 60 bytes
            int rc = (int) TCGETATTR.invokeExact(st, fd, t);
            if (rc < 0) {
                throw new Failure("tcgetattr fd " + fd, errno(st));
            }
            return new int[] {t.get(INT, 0), t.get(INT, 4), t.get(INT, 8), t.get(INT, 12)};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** posix_openpt, grantpt, unlockpt, ptsname_r: a new pty's master fd and its peer's path. */
    record NewPty(int master, String peer) {}

    static NewPty openPty() {
        int master = -1;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            master = (int) POSIX_OPENPT.invokeExact(st, O_RDWR | O_NOCTTY | O_CLOEXEC);
            if (master < 0) {
                throw new Failure("posix_openpt", errno(st));
            }
            if ((int) GRANTPT.invokeExact(st, master) < 0) {
                throw new Failure("grantpt", errno(st));
            }
            if ((int) UNLOCKPT.invokeExact(st, master) < 0) {
                throw new Failure("unlockpt", errno(st));
            }
            MemorySegment name = a.allocate(128);
            int err = (int) PTSNAME_R.invokeExact(st, master, name, 128L);
            if (err != 0) {
                throw new Failure("ptsname_r", err);
            }
            return new NewPty(master, name.getString(0));
        } catch (Throwable t) {
            close(master);
            throw rethrow(t);
        }
    }

    /** A listening unix stream socket bound to path. */
    static int listenUnix(Path path) {
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        if (p.length >= SUN_PATH) {
            throw new IllegalArgumentException("unix socket path too long for sun_path: " + path);
        }
        int fd = -1;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            fd = (int) SOCKET.invokeExact(st, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new Failure("socket", errno(st));
            }
            MemorySegment addr = a.allocate(2 + SUN_PATH, 2);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(p, 0, addr, ValueLayout.JAVA_BYTE, 2, p.length);
            if ((int) BIND.invokeExact(st, fd, addr, 2 + SUN_PATH) < 0) {
                throw new Failure("bind " + path, errno(st));
            }
            if ((int) LISTEN.invokeExact(st, fd, 4) < 0) {
                throw new Failure("listen " + path, errno(st));
            }
            return fd;
        } catch (Throwable t) {
            close(fd);
            throw rethrow(t);
        }
    }

    static int accept(int listening) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            int fd;
            do {
                fd = (int) ACCEPT4.invokeExact(st, listening, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
            } while (fd < 0 && errno(st) == EINTR);
            if (fd < 0) {
                throw new Failure("accept", errno(st));
            }
            return fd;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** What one recvmsg brought: the data, and the descriptors passed with SCM_RIGHTS (now ours). */
    record Received(byte[] data, int[] fds, boolean controlTruncated) {}

    static Received recvWithFds(int sock, int maxData) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            MemorySegment data = a.allocate(maxData);
            MemorySegment iov = a.allocate(IOVEC);
            iov.set(ADDR, 0, data);
            iov.set(LONG, 8, (long) maxData);
            MemorySegment control = a.allocate(256, 8); // room for many fds: extra ones are seen and closed
            MemorySegment msg = a.allocate(MSGHDR);
            msg.set(ADDR, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("iov")), iov);
            msg.set(LONG, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("iovlen")), 1L);
            msg.set(ADDR, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("control")), control);
            msg.set(LONG, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("controllen")), control.byteSize());
            long n;
            do {
                n = (long) RECVMSG.invokeExact(st, sock, msg, MSG_CMSG_CLOEXEC);
            } while (n < 0 && errno(st) == EINTR);
            if (n < 0) {
                throw new Failure("recvmsg", errno(st));
            }
            long controlLen = msg.get(LONG, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("controllen")));
            int flags = msg.get(INT, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("flags")));
            java.util.List<Integer> fds = new java.util.ArrayList<>();
            long off = 0;
            while (off + CMSG_DATA <= controlLen) {
                long len = control.get(LONG, off);
                if (len < CMSG_DATA) {
                    break;
                }
                int level = control.get(INT, off + 8);
                int type = control.get(INT, off + 12);
                if (level == SOL_SOCKET && type == SCM_RIGHTS) {
                    for (long d = off + CMSG_DATA; d + 4 <= off + len; d += 4) {
                        fds.add(control.get(INT, d));
                    }
                }
                off += (len + 7) & ~7L;
            }
            boolean truncated = (flags & 0x8) != 0; // MSG_CTRUNC
            return new Received(data.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE),
                    fds.stream().mapToInt(Integer::intValue).toArray(), truncated);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
