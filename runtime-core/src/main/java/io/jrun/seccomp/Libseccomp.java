package io.jrun.seccomp;

import io.jrun.error.Errno;
import io.jrun.error.SeccompException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a {@link SeccompProgram} to a BPF program with the host's libseccomp, in the brain: the
 * shim only hands the bytes to seccomp(2). Syscalls this libseccomp does not know are left out, as
 * runc does (profiles name syscalls of every architecture and kernel).
 */
public final class Libseccomp {
    /** What libseccomp made: the BPF program (8 bytes per instruction) and the names it did not know. */
    public record Compiled(byte[] bpf, List<String> unknownSyscalls) {}

    private static final String LIBRARY = "libseccomp.so.2";
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;
    private static final int NR_SCMP_ERROR = -1;
    private static final int EEXIST = 17;
    /** struct scmp_arg_cmp: unsigned int arg; enum scmp_compare op; uint64 datum_a, datum_b. */
    private static final long ARG_CMP_SIZE = 24;

    private final MethodHandle init;
    private final MethodHandle release;
    private final MethodHandle archResolve;
    private final MethodHandle archAdd;
    private final MethodHandle syscallResolve;
    private final MethodHandle ruleAddArray;
    private final MethodHandle exportBpf;
    private final MethodHandle memfdCreate;
    private final MethodHandle close;

    private Libseccomp(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        init = linker.downcallHandle(find(lib, "seccomp_init"), FunctionDescriptor.of(ADDR, INT));
        release = linker.downcallHandle(find(lib, "seccomp_release"), FunctionDescriptor.ofVoid(ADDR));
        archResolve = linker.downcallHandle(find(lib, "seccomp_arch_resolve_name"), FunctionDescriptor.of(INT, ADDR));
        archAdd = linker.downcallHandle(find(lib, "seccomp_arch_add"), FunctionDescriptor.of(INT, ADDR, INT));
        syscallResolve = linker.downcallHandle(find(lib, "seccomp_syscall_resolve_name"), FunctionDescriptor.of(INT, ADDR));
        ruleAddArray = linker.downcallHandle(find(lib, "seccomp_rule_add_array"),
                FunctionDescriptor.of(INT, ADDR, INT, INT, INT, ADDR));
        exportBpf = linker.downcallHandle(find(lib, "seccomp_export_bpf"), FunctionDescriptor.of(INT, ADDR, INT));
        SymbolLookup libc = linker.defaultLookup();
        memfdCreate = linker.downcallHandle(find(libc, "memfd_create"), FunctionDescriptor.of(INT, ADDR, INT));
        close = linker.downcallHandle(find(libc, "close"), FunctionDescriptor.of(INT, INT));
    }

    /** The host's libseccomp, or a clear error naming the package that provides it. */
    public static Libseccomp load() {
        try {
            return new Libseccomp(SymbolLookup.libraryLookup(LIBRARY, Arena.global()));
        } catch (IllegalArgumentException e) {
            throw new SeccompException("seccomp: " + LIBRARY + " not found: install libseccomp2 (Debian, Ubuntu) or "
                    + "libseccomp (Fedora)");
        }
    }

    private static MemorySegment find(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new SeccompException("seccomp: " + LIBRARY + " has no " + name));
    }

    public Compiled compile(SeccompProgram p) {
        List<String> unknown = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ctx = (MemorySegment) init.invokeExact(p.defaultAction());
            if (ctx.address() == 0) {
                throw new SeccompException("seccomp: libseccomp refused the default action");
            }
            try {
                for (String arch : p.architectures()) {
                    int token = (int) archResolve.invokeExact(a.allocateFrom(arch));
                    if (token == 0) {
                        throw new SeccompException("seccomp: architecture \"" + arch + "\" is not known to this libseccomp");
                    }
                    int rc = (int) archAdd.invokeExact(ctx, token);
                    if (rc < 0 && rc != -EEXIST) {
                        throw failure("add architecture " + arch, rc);
                    }
                }
                for (SeccompProgram.Rule r : p.rules()) {
                    int nr = (int) syscallResolve.invokeExact(a.allocateFrom(r.syscall()));
                    if (nr == NR_SCMP_ERROR) {
                        if (!unknown.contains(r.syscall())) {
                            unknown.add(r.syscall());
                        }
                        continue;
                    }
                    MemorySegment args = a.allocate(ARG_CMP_SIZE * Math.max(1, r.conditions().size()), 8);
                    for (int i = 0; i < r.conditions().size(); i++) {
                        SeccompProgram.Condition c = r.conditions().get(i);
                        long off = i * ARG_CMP_SIZE;
                        args.set(ValueLayout.JAVA_INT, off, c.index());
                        args.set(ValueLayout.JAVA_INT, off + 4, c.op());
                        args.set(ValueLayout.JAVA_LONG, off + 8, c.a());
                        args.set(ValueLayout.JAVA_LONG, off + 16, c.b());
                    }
                    int rc = (int) ruleAddArray.invokeExact(ctx, r.action(), nr, r.conditions().size(), args);
                    if (rc < 0) {
                        throw failure("add a rule for " + r.syscall(), rc);
                    }
                }
                return new Compiled(export(ctx), unknown);
            } finally {
                release.invokeExact(ctx);
            }
        } catch (SeccompException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** libseccomp 2.5 writes the program to a descriptor: a memfd, read back through /proc. */
    private byte[] export(MemorySegment ctx) throws Throwable {
        int fd;
        try (Arena a = Arena.ofConfined()) {
            fd = (int) memfdCreate.invokeExact(a.allocateFrom("jrun-seccomp"), 1 /* MFD_CLOEXEC */);
        }
        if (fd < 0) {
            throw new SeccompException("seccomp: memfd_create failed");
        }
        try {
            int rc = (int) exportBpf.invokeExact(ctx, fd);
            if (rc < 0) {
                throw failure("export the filter", rc);
            }
            return Files.readAllBytes(Path.of("/proc/self/fd/" + fd));
        } catch (IOException e) {
            throw new SeccompException("seccomp: read the exported filter: " + e.getMessage());
        } finally {
            int ignored = (int) close.invokeExact(fd);
        }
    }

    private static SeccompException failure(String what, int rc) {
        return new SeccompException("seccomp: " + what + ": " + Errno.describe(-rc));
    }
}
