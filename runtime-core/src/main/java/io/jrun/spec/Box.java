package io.jrun.spec;

/** {@code process.consoleSize}, in character cells. */
@SpecObject
public record Box(long height, long width) {}
