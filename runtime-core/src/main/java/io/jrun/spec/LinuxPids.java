package io.jrun.spec;

/** {@code linux.resources.pids}; a limit of 0 or below means no limit. */
@SpecObject
public record LinuxPids(Long limit) {}
