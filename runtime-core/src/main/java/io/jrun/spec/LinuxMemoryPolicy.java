package io.jrun.spec;

import java.util.List;

/** {@code linux.memoryPolicy} (set_mempolicy(2)): mode MPOL_*, nodes like "0-3", flags MPOL_F_*. */
@SpecObject
public record LinuxMemoryPolicy(String mode, String nodes, @OmitEmpty List<String> flags) {
    public LinuxMemoryPolicy {
        flags = Copy.list(flags);
    }
}
