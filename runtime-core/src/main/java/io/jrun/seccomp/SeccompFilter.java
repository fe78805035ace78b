package io.jrun.seccomp;

import io.jrun.spec.LinuxSeccomp;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * A compiled linux.seccomp, ready for the plan: the BPF program, the flags for seccomp(2), and
 * where the notify listener's descriptor goes, if any rule notifies.
 */
public record SeccompFilter(byte[] bpf, long flags, String listenerPath, String listenerMetadata) {
    /** Checks and compiles the profile with the host's libseccomp; names it skipped go to debug. */
    public static SeccompFilter of(LinuxSeccomp seccomp, Consumer<String> debug) {
        SeccompProgram program = SeccompPlanner.plan(seccomp);
        Libseccomp.Compiled compiled = Libseccomp.load().compile(program);
        if (!compiled.unknownSyscalls().isEmpty()) {
            debug.accept("seccomp: syscalls unknown to libseccomp, left out: " + String.join(", ", compiled.unknownSyscalls()));
        }
        return new SeccompFilter(compiled.bpf(), program.flags(),
                program.hasListener() ? seccomp.listenerPath() : null,
                program.hasListener() ? seccomp.listenerMetadata() : null);
    }

    /** Hands init's listener to the agent at listenerPath, with the container process state. */
    public void sendListener(io.jrun.front.Front front, String ociVersion, int pid, byte[] containerState) {
        try {
            front.sendSeccompListener(listenerPath, ListenerState.json(ociVersion, pid, listenerMetadata, containerState));
        } catch (io.jrun.error.SyscallException e) {
            throw new io.jrun.error.SeccompException("seccomp: pass the notify listener to " + listenerPath + ": "
                    + e.getMessage());
        }
    }

    public boolean hasListener() {
        return listenerPath != null;
    }

    /** The plan's fields: the program in hex, the flags, and whether init passes on a listener. */
    public List<Object> fields() {
        return List.of(HexFormat.of().formatHex(bpf), flags, hasListener() ? 1 : 0);
    }

    public int instructions() {
        return bpf.length / 8;
    }
}
