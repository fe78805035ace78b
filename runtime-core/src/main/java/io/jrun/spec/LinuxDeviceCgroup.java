package io.jrun.spec;

/** A device cgroup rule; null type/major/minor mean "all". access is a subset of "rwm". */
@SpecObject
public record LinuxDeviceCgroup(boolean allow, String type, Long major, Long minor, String access) {}
