package io.jrun.spec;

/** A uid/gid mapping range (uint32 values). */
@SpecObject
public record LinuxIdMapping(long containerID, long hostID, long size) {}
