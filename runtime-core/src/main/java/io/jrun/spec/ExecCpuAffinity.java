package io.jrun.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code process.execCPUAffinity}: cpu lists ("0-3,7"); {@code final} is a Java keyword. */
@SpecObject
public record ExecCpuAffinity(String initial, @JsonProperty("final") String finalAffinity) {}
