package io.jrun.cgroup;

import io.jrun.error.InvalidSpecException;
import io.jrun.spec.LinuxBlockIo;
import io.jrun.spec.LinuxCpu;
import io.jrun.spec.LinuxHugepageLimit;
import io.jrun.spec.LinuxMemory;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.LinuxThrottleDevice;
import io.jrun.spec.LinuxWeightDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * linux.resources as cgroup v1 files, in the order they are written. Memory limits and devices
 * need the cgroup's current state and are written by {@link CgroupV1Manager} itself.
 */
final class V1Settings {
    private V1Settings() {}

    static List<CgroupWrite> of(LinuxResources r, boolean bfqWeight) {
        List<CgroupWrite> w = new ArrayList<>();
        if (r.unified() != null && !r.unified().isEmpty()) {
            throw new InvalidSpecException("linux.resources.unified", "needs cgroup v2; this host uses cgroup v1");
        }
        cpuset(r.cpu(), w);
        cpu(r.cpu(), w);
        memory(r.memory(), w);
        if (r.pids() != null && r.pids().limit() != null && r.pids().limit() != 0) {
            w.add(CgroupWrite.v1("pids", "pids.max", Conversions.maxOr(r.pids().limit()), "linux.resources.pids.limit"));
        }
        blkio(r.blockIO(), bfqWeight, w);
        for (LinuxHugepageLimit h : r.hugepageLimits()) {
            String size = Conversions.hugepageSize(h.pageSize());
            w.add(CgroupWrite.v1("hugetlb", "hugetlb." + size + ".limit_in_bytes", Long.toUnsignedString(h.limit()),
                    "linux.resources.hugepageLimits"));
        }
        if (r.network() != null) {
            if (r.network().classID() != null) {
                w.add(CgroupWrite.v1("net_cls", "net_cls.classid", Long.toUnsignedString(r.network().classID()),
                        "linux.resources.network.classID"));
            }
            r.network().priorities().forEach(p -> w.add(CgroupWrite.v1("net_prio", "net_prio.ifpriomap",
                    p.name() + " " + p.priority(), "linux.resources.network.priorities")));
        }
        return w;
    }

    private static void cpuset(LinuxCpu c, List<CgroupWrite> w) {
        if (c == null) {
            return;
        }
        if (c.cpus() != null && !c.cpus().isEmpty()) {
            w.add(CgroupWrite.v1("cpuset", "cpuset.cpus", c.cpus(), "linux.resources.cpu.cpus"));
        }
        if (c.mems() != null && !c.mems().isEmpty()) {
            w.add(CgroupWrite.v1("cpuset", "cpuset.mems", c.mems(), "linux.resources.cpu.mems"));
        }
    }

    private static void cpu(LinuxCpu c, List<CgroupWrite> w) {
        if (c == null) {
            return;
        }
        if (c.shares() != null && c.shares() != 0) {
            w.add(CgroupWrite.v1("cpu", "cpu.shares", Long.toUnsignedString(c.shares()), "linux.resources.cpu.shares"));
        }
        if (c.period() != null && c.period() != 0) {
            w.add(CgroupWrite.v1("cpu", "cpu.cfs_period_us", Long.toUnsignedString(c.period()), "linux.resources.cpu.period"));
        }
        if (c.quota() != null && c.quota() != 0) {
            w.add(CgroupWrite.v1("cpu", "cpu.cfs_quota_us", c.quota() < 0 ? -1 : c.quota(), "linux.resources.cpu.quota"));
        }
        if (c.burst() != null) {
            w.add(CgroupWrite.v1("cpu", "cpu.cfs_burst_us", Long.toUnsignedString(c.burst()), "linux.resources.cpu.burst"));
        }
        if (c.realtimePeriod() != null && c.realtimePeriod() != 0) {
            w.add(CgroupWrite.v1("cpu", "cpu.rt_period_us", Long.toUnsignedString(c.realtimePeriod()),
                    "linux.resources.cpu.realtimePeriod"));
        }
        if (c.realtimeRuntime() != null && c.realtimeRuntime() != 0) {
            w.add(CgroupWrite.v1("cpu", "cpu.rt_runtime_us", c.realtimeRuntime(), "linux.resources.cpu.realtimeRuntime"));
        }
        if (c.idle() != null) {
            w.add(CgroupWrite.v1("cpu", "cpu.idle", c.idle(), "linux.resources.cpu.idle"));
        }
    }

    /** Everything of memory but limit and swap, whose order depends on the current limit. */
    private static void memory(LinuxMemory m, List<CgroupWrite> w) {
        if (m == null) {
            return;
        }
        if (m.reservation() != null && m.reservation() != 0) {
            w.add(CgroupWrite.v1("memory", "memory.soft_limit_in_bytes", m.reservation(), "linux.resources.memory.reservation"));
        }
        if (m.kernelTCP() != null && m.kernelTCP() != 0) {
            w.add(CgroupWrite.v1("memory", "memory.kmem.tcp.limit_in_bytes", m.kernelTCP(), "linux.resources.memory.kernelTCP"));
        }
        if (m.swappiness() != null && m.swappiness() >= 0) {
            if (Long.compareUnsigned(m.swappiness(), 100) > 0) {
                throw new InvalidSpecException("linux.resources.memory.swappiness",
                        "must be between 0 and 100, got " + Long.toUnsignedString(m.swappiness()));
            }
            w.add(CgroupWrite.v1("memory", "memory.swappiness", m.swappiness(), "linux.resources.memory.swappiness"));
        }
        if (Boolean.TRUE.equals(m.disableOOMKiller())) {
            w.add(CgroupWrite.v1("memory", "memory.oom_control", 1, "linux.resources.memory.disableOOMKiller"));
        }
    }

    /**
     * memory.limit_in_bytes and memory.memsw.limit_in_bytes (memory+swap) in an order the kernel
     * accepts: memsw may never be below the memory limit, so when raising, memsw goes first.
     */
    static List<CgroupWrite> memoryLimits(LinuxMemory m, long currentLimit, boolean memsw) {
        List<CgroupWrite> w = new ArrayList<>();
        if (m == null) {
            return w;
        }
        long memory = m.limit() == null ? 0 : m.limit();
        long swap = m.swap() == null ? 0 : m.swap();
        if (memory == -1 && swap == 0) {
            swap = -1; // unlimited memory means unlimited memory+swap too
        }
        CgroupWrite mem = CgroupWrite.v1("memory", "memory.limit_in_bytes", memory, "linux.resources.memory.limit");
        CgroupWrite sw = CgroupWrite.v1("memory", "memory.memsw.limit_in_bytes", swap, "linux.resources.memory.swap");
        boolean writeSwap = swap != 0 && memsw;
        if (memory != 0 && writeSwap) {
            if (swap == -1 || Long.compareUnsigned(currentLimit, swap) < 0) {
                w.add(sw);
                w.add(mem);
            } else {
                w.add(mem);
                w.add(sw);
            }
        } else if (memory != 0) {
            w.add(mem);
        } else if (writeSwap) {
            w.add(sw);
        }
        return w;
    }

    private static void blkio(LinuxBlockIo b, boolean bfq, List<CgroupWrite> w) {
        if (b == null) {
            return;
        }
        String weightFile = bfq ? "blkio.bfq.weight" : "blkio.weight";
        if (b.weight() != null && b.weight() != 0) {
            w.add(CgroupWrite.v1("blkio", weightFile, b.weight(), "linux.resources.blockIO.weight"));
        }
        if (b.leafWeight() != null && b.leafWeight() != 0) {
            w.add(CgroupWrite.v1("blkio", "blkio.leaf_weight", b.leafWeight(), "linux.resources.blockIO.leafWeight"));
        }
        for (LinuxWeightDevice d : b.weightDevice()) {
            if (d.weight() != null) {
                w.add(CgroupWrite.v1("blkio", weightFile + "_device", d.major() + ":" + d.minor() + " " + d.weight(),
                        "linux.resources.blockIO.weightDevice"));
            }
            if (d.leafWeight() != null) {
                w.add(CgroupWrite.v1("blkio", "blkio.leaf_weight_device", d.major() + ":" + d.minor() + " " + d.leafWeight(),
                        "linux.resources.blockIO.weightDevice"));
            }
        }
        throttle(b.throttleReadBpsDevice(), "blkio.throttle.read_bps_device", "throttleReadBpsDevice", w);
        throttle(b.throttleWriteBpsDevice(), "blkio.throttle.write_bps_device", "throttleWriteBpsDevice", w);
        throttle(b.throttleReadIOPSDevice(), "blkio.throttle.read_iops_device", "throttleReadIOPSDevice", w);
        throttle(b.throttleWriteIOPSDevice(), "blkio.throttle.write_iops_device", "throttleWriteIOPSDevice", w);
    }

    private static void throttle(List<LinuxThrottleDevice> devices, String file, String field, List<CgroupWrite> w) {
        for (LinuxThrottleDevice d : devices) {
            w.add(CgroupWrite.v1("blkio", file, d.major() + ":" + d.minor() + " " + Long.toUnsignedString(d.rate()),
                    "linux.resources.blockIO." + field));
        }
    }
}
