package io.jrun.spec;

/** {@code root}: the rootfs path, relative to the bundle or absolute. */
@SpecObject
public record Root(String path, Boolean readonly) {}
