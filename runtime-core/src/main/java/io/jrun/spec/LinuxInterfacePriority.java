package io.jrun.spec;

/** A net_prio entry. */
@SpecObject
public record LinuxInterfacePriority(String name, long priority) {}
