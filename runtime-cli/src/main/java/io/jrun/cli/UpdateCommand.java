package io.jrun.cli;

import io.jrun.container.UpdateContainer;
import io.jrun.error.UsageException;
import io.jrun.spec.LinuxBlockIo;
import io.jrun.spec.LinuxCpu;
import io.jrun.spec.LinuxMemory;
import io.jrun.spec.LinuxPids;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.SpecParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "update", description = "Change the resource limits of a running container; values left out or 0 stay as they are.")
final class UpdateCommand extends Verb {
    @Option(names = {"-r", "--resources"}, paramLabel = "FILE|-", description = "OCI linux.resources JSON, from a file or - for stdin")
    String resources;

    @Option(names = "--memory", paramLabel = "BYTES", description = "memory limit (e.g. 64m, -1 for none)")
    String memory;

    @Option(names = "--memory-swap", paramLabel = "BYTES", description = "memory+swap limit")
    String memorySwap;

    @Option(names = "--memory-reservation", paramLabel = "BYTES", description = "memory soft limit")
    String memoryReservation;

    @Option(names = "--kernel-memory", paramLabel = "BYTES", description = "accepted for compatibility; ignored, as runc does")
    String kernelMemory;

    @Option(names = "--kernel-memory-tcp", paramLabel = "BYTES", description = "kernel TCP buffer limit (v1)")
    String kernelMemoryTcp;

    @Option(names = {"--cpu-share", "--cpu-shares"}, paramLabel = "N", description = "CPU shares (v2: converted to cpu.weight)")
    Long cpuShares;

    @Option(names = "--cpu-quota", paramLabel = "USEC", description = "CFS quota per period, -1 for none")
    Long cpuQuota;

    @Option(names = "--cpu-period", paramLabel = "USEC", description = "CFS period")
    Long cpuPeriod;

    @Option(names = "--cpu-burst", paramLabel = "USEC", description = "CFS burst")
    Long cpuBurst;

    @Option(names = "--cpu-rt-period", paramLabel = "USEC", description = "realtime period (v1)")
    Long cpuRtPeriod;

    @Option(names = "--cpu-rt-runtime", paramLabel = "USEC", description = "realtime runtime (v1)")
    Long cpuRtRuntime;

    @Option(names = "--cpuset-cpus", paramLabel = "LIST", description = "CPUs allowed (0-3,5)")
    String cpusetCpus;

    @Option(names = "--cpuset-mems", paramLabel = "LIST", description = "memory nodes allowed")
    String cpusetMems;

    @Option(names = "--pids-limit", paramLabel = "N", description = "maximum number of tasks, -1 for none")
    Long pidsLimit;

    @Option(names = "--blkio-weight", paramLabel = "N", description = "block IO weight (10-1000)")
    Integer blkioWeight;

    @Option(names = {"--l3-cache-schema", "--mem-bw-schema"}, paramLabel = "SCHEMA", description = "Intel RDT: not supported")
    String rdt;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    String containerId() {
        return id;
    }

    @Override
    public Integer call() {
        if (rdt != null) {
            throw new UsageException("Intel RDT schemas are not supported by jrun");
        }
        LinuxResources r = resources == null ? LinuxResources.ofDevices(List.of()) : readResources();
        new UpdateContainer(context()).update(id, withFlags(r));
        return 0;
    }

    private LinuxResources readResources() {
        byte[] json;
        if (resources.equals("-")) {
            json = jrun.front.readStdin();
        } else {
            try {
                json = Files.readAllBytes(path(resources));
            } catch (IOException e) {
                throw new UncheckedIOException("read " + path(resources), e);
            }
        }
        return SpecParser.parse(json, LinuxResources.class, "--resources", "");
    }

    /** Flags override the JSON, field by field. */
    private LinuxResources withFlags(LinuxResources r) {
        LinuxMemory m = r.memory() == null ? new LinuxMemory(null, null, null, null, null, null, null, null, null) : r.memory();
        m = new LinuxMemory(size("--memory", memory, m.limit()), size("--memory-reservation", memoryReservation, m.reservation()),
                size("--memory-swap", memorySwap, m.swap()), size("--kernel-memory", kernelMemory, m.kernel()),
                size("--kernel-memory-tcp", kernelMemoryTcp, m.kernelTCP()), m.swappiness(), m.disableOOMKiller(),
                m.useHierarchy(), m.checkBeforeUpdate());
        LinuxCpu c = r.cpu() == null ? new LinuxCpu(null, null, null, null, null, null, null, null, null) : r.cpu();
        c = new LinuxCpu(or(cpuShares, c.shares()), or(cpuQuota, c.quota()), or(cpuBurst, c.burst()), or(cpuPeriod, c.period()),
                or(cpuRtRuntime, c.realtimeRuntime()), or(cpuRtPeriod, c.realtimePeriod()), or(cpusetCpus, c.cpus()),
                or(cpusetMems, c.mems()), c.idle());
        LinuxPids p = pidsLimit == null ? r.pids() : new LinuxPids(pidsLimit);
        LinuxBlockIo b = r.blockIO();
        if (blkioWeight != null) {
            b = b == null ? new LinuxBlockIo(blkioWeight, null, null, null, null, null, null)
                    : new LinuxBlockIo(blkioWeight, b.leafWeight(), b.weightDevice(), b.throttleReadBpsDevice(),
                            b.throttleWriteBpsDevice(), b.throttleReadIOPSDevice(), b.throttleWriteIOPSDevice());
        }
        return new LinuxResources(r.devices(), m, c, p, b, r.hugepageLimits(), r.network(), r.rdma(), r.unified());
    }

    private static Long size(String option, String flag, Long json) {
        return flag == null ? json : Long.valueOf(Units.bytes(option, flag));
    }

    private static <T> T or(T flag, T json) {
        return flag == null ? json : flag;
    }
}
