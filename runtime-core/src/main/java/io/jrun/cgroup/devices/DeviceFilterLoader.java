package io.jrun.cgroup.devices;

import io.jrun.error.Errno;
import io.jrun.error.SyscallException;
import io.jrun.spec.LinuxDeviceCgroup;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a device filter ({@link DeviceFilter#compile}) into the kernel and attaches it to a cgroup v2
 * directory, through bpf(2) called with Java's FFM API (errno captured per call, like
 * {@link io.jrun.os.LinuxPosix}).
 *
 * <p>The program is attached with BPF_F_ALLOW_MULTI. Programs already attached to that cgroup for
 * BPF_CGROUP_DEVICE (jrun's from an earlier create or update) are detached after the new one is
 * attached, as runc does: in between both apply, so there is never a moment without a filter. The
 * attachment keeps the program alive once its fd is closed; removing the cgroup releases it.
 */
public final class DeviceFilterLoader {
    /** The name jrun's programs carry (bpftool prog show; {@link #attached}). */
    public static final String PROGRAM_NAME = "jrun_devices";

    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_PROG_ATTACH = 8;
    private static final int BPF_PROG_DETACH = 9;
    private static final int BPF_PROG_GET_FD_BY_ID = 13;
    private static final int BPF_OBJ_GET_INFO_BY_FD = 15;
    private static final int BPF_PROG_QUERY = 16;

    private static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    private static final int BPF_CGROUP_DEVICE = 6;
    private static final int BPF_F_ALLOW_MULTI = 2;

    private static final int O_RDONLY = 0;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;
    private static final int RLIMIT_MEMLOCK = 8;
    private static final int ENOSPC = 28;

    private static final int ATTR_SIZE = 128;
    private static final int LOG_SIZE = 1 << 20;
    private static final int LOG_SHOWN = 8192;
    private static final int INFO_SIZE = 256;
    private static final int INFO_NAME_OFFSET = 64;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;

    private static final MethodHandle SYSCALL = handle("syscall", FunctionDescriptor.of(LONG, LONG, INT, ADDR, INT),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle OPEN = handle("open", FunctionDescriptor.of(INT, ADDR, INT, INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle SETRLIMIT = handle("setrlimit", FunctionDescriptor.of(INT, INT, ADDR));

    private DeviceFilterLoader() {}

    /** A BPF_CGROUP_DEVICE program attached to a cgroup; name is null when the program cannot be opened. */
    public record AttachedProgram(int id, String name) {}

    /** {@code attach(cgroupDir, DeviceFilter.compile(rules))}. */
    public static void apply(Path cgroupDir, List<LinuxDeviceCgroup> rules) {
        attach(cgroupDir, DeviceFilter.compile(rules));
    }

    /**
     * Loads {@code program} and attaches it to {@code cgroupDir} (a cgroup v2 directory), replacing
     * the device programs attached there before. Call it on create and again on every update.
     *
     * @throws SyscallException "load the device filter" (with the verifier's log when it rejects the
     *     program), "attach the device filter to DIR", or "detach the old device filter from DIR"
     */
    public static void attach(Path cgroupDir, byte[] program) {
        String target = "attach the device filter to " + cgroupDir;
        try (Arena arena = Arena.ofConfined()) {
            Syscalls sys = new Syscalls(arena);
            int progFd = sys.load(program);
            try {
                int dirFd = sys.openDirectory(cgroupDir, target);
                try {
                    List<Integer> old = sys.query(dirFd, target);
                    MemorySegment attr = sys.attr();
                    attr.set(INT, 0, dirFd); // target_fd
                    attr.set(INT, 4, progFd); // attach_bpf_fd
                    attr.set(INT, 8, BPF_CGROUP_DEVICE); // attach_type
                    attr.set(INT, 12, BPF_F_ALLOW_MULTI); // attach_flags
                    sys.bpf(BPF_PROG_ATTACH, attr, target);
                    for (int id : old) {
                        sys.detach(dirFd, id, "detach the old device filter from " + cgroupDir);
                    }
                } finally {
                    sys.close(dirFd);
                }
            } finally {
                sys.close(progFd);
            }
        }
    }

    /** The device programs attached to {@code cgroupDir} itself (not those inherited from its parents). */
    public static List<AttachedProgram> attached(Path cgroupDir) {
        String what = "query the device filters of " + cgroupDir;
        try (Arena arena = Arena.ofConfined()) {
            Syscalls sys = new Syscalls(arena);
            int dirFd = sys.openDirectory(cgroupDir, what);
            try {
                List<AttachedProgram> out = new ArrayList<>();
                for (int id : sys.query(dirFd, what)) {
                    int fd = sys.programFd(id);
                    if (fd < 0) {
                        out.add(new AttachedProgram(id, null));
                        continue;
                    }
                    try {
                        out.add(new AttachedProgram(id, sys.name(fd)));
                    } finally {
                        sys.close(fd);
                    }
                }
                return out;
            } finally {
                sys.close(dirFd);
            }
        }
    }

    /** The bpf(2) calls, each with its own errno; memory comes from one arena. */
    private static final class Syscalls {
        private final Arena arena;
        private final MemorySegment state;
        private final long sysBpf;

        Syscalls(Arena arena) {
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                throw new UnsupportedOperationException("device filters are compiled for little-endian machines");
            }
            this.arena = arena;
            this.state = arena.allocate(STATE);
            this.sysBpf = switch (System.getProperty("os.arch")) {
                case "amd64", "x86_64" -> 321;
                case "aarch64", "riscv64" -> 280;
                case "ppc64le" -> 361;
                default -> throw new UnsupportedOperationException("bpf(2) number unknown on " + System.getProperty("os.arch"));
            };
        }

        MemorySegment attr() {
            return arena.allocate(ATTR_SIZE, 8); // zeroed, as bpf(2) requires of unused fields
        }

        int errno() {
            return (int) ERRNO.get(state, 0L);
        }

        /** bpf(cmd, attr); the result, or -errno. */
        long call(int cmd, MemorySegment attr) {
            try {
                long rc = (long) SYSCALL.invokeExact(state, sysBpf, cmd, attr, ATTR_SIZE);
                return rc < 0 ? -errno() : rc;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        long bpf(int cmd, MemorySegment attr, String operation) {
            long rc = call(cmd, attr);
            if (rc < 0) {
                throw new SyscallException(operation, (int) -rc);
            }
            return rc;
        }

        int load(byte[] program) {
            int count = Bpf.length(program);
            MemorySegment insns = arena.allocate(Math.max(program.length, 8), 8);
            MemorySegment.copy(program, 0, insns, ValueLayout.JAVA_BYTE, 0, program.length);
            MemorySegment license = arena.allocateFrom(DeviceFilter.LICENSE);
            MemorySegment attr = attr();
            attr.set(INT, 0, BPF_PROG_TYPE_CGROUP_DEVICE); // prog_type
            attr.set(INT, 4, count); // insn_cnt
            attr.set(LONG, 8, insns.address()); // insns
            attr.set(LONG, 16, license.address()); // license
            MemorySegment.copy(PROGRAM_NAME.getBytes(StandardCharsets.US_ASCII), 0, attr, ValueLayout.JAVA_BYTE, 48,
                    PROGRAM_NAME.length()); // prog_name[16]
            long fd = call(BPF_PROG_LOAD, attr);
            if (fd == -Errno.EPERM && raiseMemlock()) {
                // Kernels before 5.11 charge BPF memory to RLIMIT_MEMLOCK (runc raises it too).
                fd = call(BPF_PROG_LOAD, attr);
            }
            if (fd >= 0) {
                return (int) fd;
            }
            int err = (int) -fd;
            if (err == Errno.EPERM || err == Errno.ENOSYS) {
                throw new SyscallException("load the device filter", err);
            }
            // Ask again with the verifier's log, to say why.
            MemorySegment log = arena.allocate(LOG_SIZE);
            attr.set(INT, 24, 1); // log_level
            attr.set(INT, 28, LOG_SIZE); // log_size
            attr.set(LONG, 32, log.address()); // log_buf
            long again = call(BPF_PROG_LOAD, attr);
            if (again >= 0) {
                return (int) again;
            }
            throw new SyscallException("load the device filter", err, verifierLog(log));
        }

        private static String verifierLog(MemorySegment log) {
            String text = log.getString(0).strip();
            if (text.isEmpty()) {
                return null;
            }
            if (text.length() > LOG_SHOWN) {
                text = "..." + text.substring(text.length() - LOG_SHOWN);
            }
            return "verifier log:\n" + text;
        }

        private boolean raiseMemlock() {
            MemorySegment limit = arena.allocate(16, 8);
            limit.set(LONG, 0, -1L); // RLIM_INFINITY
            limit.set(LONG, 8, -1L);
            try {
                return (int) SETRLIMIT.invokeExact(state, RLIMIT_MEMLOCK, limit) == 0;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        int openDirectory(Path dir, String operation) {
            try {
                int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(dir.toString()),
                        O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
                if (fd < 0) {
                    throw new SyscallException(operation, errno());
                }
                return fd;
            } catch (SyscallException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        /** BPF_PROG_QUERY: the ids of the device programs attached to the cgroup. */
        List<Integer> query(int dirFd, String operation) {
            int capacity = 64;
            for (int tries = 0; tries < 10; tries++) {
                MemorySegment ids = arena.allocate(4L * capacity, 8);
                MemorySegment attr = attr();
                attr.set(INT, 0, dirFd); // target_fd
                attr.set(INT, 4, BPF_CGROUP_DEVICE); // attach_type
                attr.set(LONG, 16, ids.address()); // prog_ids
                attr.set(INT, 24, capacity); // prog_cnt
                long rc = call(BPF_PROG_QUERY, attr);
                int count = attr.get(INT, 24);
                if (rc == -ENOSPC) {
                    capacity = Math.max(count, capacity * 2); // prog_cnt now says how many there are
                    continue;
                }
                if (rc < 0) {
                    throw new SyscallException(operation, (int) -rc);
                }
                List<Integer> out = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    out.add(ids.getAtIndex(INT, i));
                }
                return out;
            }
            throw new SyscallException(operation, ENOSPC);
        }

        /** BPF_PROG_GET_FD_BY_ID; -1 when the program is gone or we may not open it. */
        int programFd(int id) {
            MemorySegment attr = attr();
            attr.set(INT, 0, id); // prog_id
            long fd = call(BPF_PROG_GET_FD_BY_ID, attr);
            return fd < 0 ? -1 : (int) fd;
        }

        String name(int progFd) {
            MemorySegment info = arena.allocate(INFO_SIZE, 8);
            MemorySegment attr = attr();
            attr.set(INT, 0, progFd); // bpf_fd
            attr.set(INT, 4, INFO_SIZE); // info_len
            attr.set(LONG, 8, info.address()); // info
            if (call(BPF_OBJ_GET_INFO_BY_FD, attr) < 0) {
                return null;
            }
            return info.asSlice(INFO_NAME_OFFSET, 16).getString(0, StandardCharsets.US_ASCII);
        }

        void detach(int dirFd, int id, String operation) {
            int fd = programFd(id);
            if (fd < 0) {
                // Already gone, or hidden from us by an LSM: it can only restrict, as runc reasons.
                return;
            }
            try {
                MemorySegment attr = attr();
                attr.set(INT, 0, dirFd); // target_fd
                attr.set(INT, 4, fd); // attach_bpf_fd
                attr.set(INT, 8, BPF_CGROUP_DEVICE); // attach_type
                long rc = call(BPF_PROG_DETACH, attr);
                if (rc < 0 && rc != -Errno.ENOENT) {
                    throw new SyscallException(operation, (int) -rc);
                }
            } finally {
                close(fd);
            }
        }

        void close(int fd) {
            try {
                int rc = (int) CLOSE.invokeExact(state, fd);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }
}
