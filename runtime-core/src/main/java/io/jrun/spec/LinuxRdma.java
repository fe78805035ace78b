package io.jrun.spec;

/** A {@code linux.resources.rdma} value; null means no limit. */
@SpecObject
public record LinuxRdma(Long hcaHandles, Long hcaObjects) {}
