package io.jrun.spec;

/** A {@code linux.netDevices} value: the name to give the host device inside the container. */
@SpecObject
public record LinuxNetDevice(String name) {}
