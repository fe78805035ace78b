package io.jrun.spec;

import java.util.List;
import java.util.Map;

/** {@code linux.resources}: cgroup settings. {@code unified} holds raw cgroup v2 file values. */
@SpecObject
public record LinuxResources(
        @OmitEmpty List<LinuxDeviceCgroup> devices,
        LinuxMemory memory,
        LinuxCpu cpu,
        LinuxPids pids,
        LinuxBlockIo blockIO,
        @OmitEmpty List<LinuxHugepageLimit> hugepageLimits,
        LinuxNetwork network,
        @OmitEmpty Map<String, LinuxRdma> rdma,
        @OmitEmpty Map<String, String> unified) {

    public LinuxResources {
        devices = Copy.list(devices);
        hugepageLimits = Copy.list(hugepageLimits);
        rdma = Copy.map(rdma);
        unified = Copy.map(unified);
    }

    public LinuxResources withDevices(List<LinuxDeviceCgroup> devices) {
        return new LinuxResources(devices, memory, cpu, pids, blockIO, hugepageLimits, network, rdma, unified);
    }

    public static LinuxResources ofDevices(List<LinuxDeviceCgroup> devices) {
        return new LinuxResources(devices, null, null, null, null, null, null, null, null);
    }
}
