package io.jrun.spec;

import java.util.List;

/** {@code linux.seccomp}. */
@SpecObject
public record LinuxSeccomp(
        String defaultAction,
        Long defaultErrnoRet,
        @OmitEmpty List<String> architectures,
        @OmitEmpty List<String> flags,
        String listenerPath,
        String listenerMetadata,
        @OmitEmpty List<LinuxSyscall> syscalls) {

    public LinuxSeccomp {
        architectures = Copy.list(architectures);
        flags = Copy.list(flags);
        syscalls = Copy.list(syscalls);
    }
}
