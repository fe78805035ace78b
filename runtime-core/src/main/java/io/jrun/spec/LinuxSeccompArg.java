package io.jrun.spec;


/** A seccomp argument comparison; value and valueTwo are uint64. */
@SpecObject
public record LinuxSeccompArg(
        long index,
        @Unsigned long value,
        @Unsigned Long valueTwo,
        String op) {}
