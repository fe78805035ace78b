package io.jrun.spec;

/** A per-device block IO weight. */
@SpecObject
public record LinuxWeightDevice(long major, long minor, Integer weight, Integer leafWeight) {}
