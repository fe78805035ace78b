package io.jrun.spec;

import java.util.List;

/** A seccomp rule: an action for the named syscalls when all args match. */
@SpecObject
public record LinuxSyscall(
        @OmitEmpty List<String> names, String action, Long errnoRet, @OmitEmpty List<LinuxSeccompArg> args) {
    public LinuxSyscall {
        names = Copy.list(names);
        args = Copy.list(args);
    }
}
