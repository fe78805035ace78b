package io.jrun.spec;

/** One {@code linux.devices} entry: a device node to create. type is c, u, b or p. */
@SpecObject
public record LinuxDevice(String type, String path, Long major, Long minor, Integer fileMode, Long uid, Long gid) {}
