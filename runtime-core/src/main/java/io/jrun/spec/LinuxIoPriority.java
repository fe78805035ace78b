package io.jrun.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code process.ioPriority}; {@code class} is a Java keyword, hence {@code ioClass}. */
@SpecObject
public record LinuxIoPriority(@JsonProperty("class") String ioClass, int priority) {}
