package io.jrun.spec;


/** {@code linux.resources.memory}; byte values are int64 where -1 means unlimited. swappiness is uint64. */
@SpecObject
public record LinuxMemory(
        Long limit,
        Long reservation,
        Long swap,
        Long kernel,
        Long kernelTCP,
        @Unsigned Long swappiness,
        Boolean disableOOMKiller,
        Boolean useHierarchy,
        Boolean checkBeforeUpdate) {}
