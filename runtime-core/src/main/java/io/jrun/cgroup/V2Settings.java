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
import java.util.Map;
import java.util.function.Consumer;

/**
 * linux.resources as cgroup v2 files, in the order they are written. v1-only settings (kernel
 * memory, swappiness, the OOM killer switch) have no v2 file: they are reported to warn, as runc
 * ignores them; realtime cpu and net_cls/net_prio cannot be honoured and are errors.
 */
final class V2Settings {
    private V2Settings() {}

    static List<CgroupWrite> of(LinuxResources r, boolean bfqWeight, Consumer<String> ignored) {
        List<CgroupWrite> w = new ArrayList<>();
        cpu(r.cpu(), w);
        memory(r.memory(), w, ignored);
        if (r.pids() != null && r.pids().limit() != null && r.pids().limit() != 0) {
            w.add(CgroupWrite.v2("pids.max", Conversions.maxOr(r.pids().limit()), "linux.resources.pids.limit"));
        }
        io(r.blockIO(), bfqWeight, w);
        for (LinuxHugepageLimit h : r.hugepageLimits()) {
            w.add(CgroupWrite.v2("hugetlb." + Conversions.hugepageSize(h.pageSize()) + ".max",
                    Long.toUnsignedString(h.limit()), "linux.resources.hugepageLimits"));
        }
        if (r.network() != null && (r.network().classID() != null || !r.network().priorities().isEmpty())) {
            throw new InvalidSpecException("linux.resources.network", "net_cls and net_prio do not exist on cgroup v2");
        }
        unified(r.unified(), w);
        return w;
    }

    private static void cpu(LinuxCpu c, List<CgroupWrite> w) {
        if (c == null) {
            return;
        }
        if ((c.realtimePeriod() != null && c.realtimePeriod() != 0) || (c.realtimeRuntime() != null && c.realtimeRuntime() != 0)) {
            throw new InvalidSpecException("linux.resources.cpu.realtimeRuntime", "realtime scheduling limits do not exist on cgroup v2");
        }
        if (c.shares() != null && c.shares() != 0) {
            w.add(CgroupWrite.v2("cpu.weight", Conversions.sharesToWeight(c.shares()), "linux.resources.cpu.shares"));
        }
        if ((c.quota() != null && c.quota() != 0) || (c.period() != null && c.period() != 0)) {
            w.add(CgroupWrite.v2("cpu.max", Conversions.cpuMax(c.quota(), c.period()), "linux.resources.cpu.quota"));
        }
        if (c.burst() != null) {
            w.add(CgroupWrite.v2("cpu.max.burst", Long.toUnsignedString(c.burst()), "linux.resources.cpu.burst"));
        }
        if (c.idle() != null) {
            w.add(CgroupWrite.v2("cpu.idle", c.idle(), "linux.resources.cpu.idle"));
        }
        if (c.cpus() != null && !c.cpus().isEmpty()) {
            w.add(CgroupWrite.v2("cpuset.cpus", c.cpus(), "linux.resources.cpu.cpus"));
        }
        if (c.mems() != null && !c.mems().isEmpty()) {
            w.add(CgroupWrite.v2("cpuset.mems", c.mems(), "linux.resources.cpu.mems"));
        }
    }

    private static void memory(LinuxMemory m, List<CgroupWrite> w, Consumer<String> ignored) {
        if (m == null) {
            return;
        }
        long memory = m.limit() == null ? 0 : m.limit();
        long requestedSwap = m.swap() == null ? 0 : m.swap();
        long swap = Conversions.swapToV2(memory, requestedSwap);
        // memory+swap equal to memory means "no swap": 0, which is not "leave it as it is".
        if (swap != 0 || requestedSwap > 0) {
            w.add(CgroupWrite.v2("memory.swap.max", Conversions.maxOr(swap), "linux.resources.memory.swap"));
        }
        if (memory != 0) {
            w.add(CgroupWrite.v2("memory.max", Conversions.maxOr(memory), "linux.resources.memory.limit"));
        }
        if (m.reservation() != null && m.reservation() != 0) {
            w.add(CgroupWrite.v2("memory.low", Conversions.maxOr(m.reservation()), "linux.resources.memory.reservation"));
        }
        if (m.kernel() != null && m.kernel() != 0) {
            ignored.accept("linux.resources.memory.kernel");
        }
        if (m.kernelTCP() != null && m.kernelTCP() != 0) {
            ignored.accept("linux.resources.memory.kernelTCP");
        }
        if (m.swappiness() != null && m.swappiness() >= 0) {
            ignored.accept("linux.resources.memory.swappiness");
        }
        if (Boolean.TRUE.equals(m.disableOOMKiller())) {
            ignored.accept("linux.resources.memory.disableOOMKiller");
        }
    }

    private static void io(LinuxBlockIo b, boolean bfq, List<CgroupWrite> w) {
        if (b == null) {
            return;
        }
        if (b.weight() != null && b.weight() != 0) {
            w.add(bfq ? CgroupWrite.v2("io.bfq.weight", b.weight(), "linux.resources.blockIO.weight")
                    : CgroupWrite.v2("io.weight", "default " + Conversions.blkioWeightToIoWeight(b.weight()),
                            "linux.resources.blockIO.weight"));
        }
        for (LinuxWeightDevice d : b.weightDevice()) {
            if (d.weight() != null) {
                w.add(bfq ? CgroupWrite.v2("io.bfq.weight", d.major() + ":" + d.minor() + " " + d.weight(),
                                "linux.resources.blockIO.weightDevice")
                        : CgroupWrite.v2("io.weight", d.major() + ":" + d.minor() + " "
                                + Conversions.blkioWeightToIoWeight(d.weight()), "linux.resources.blockIO.weightDevice"));
            }
        }
        throttle(b.throttleReadBpsDevice(), "rbps", "throttleReadBpsDevice", w);
        throttle(b.throttleWriteBpsDevice(), "wbps", "throttleWriteBpsDevice", w);
        throttle(b.throttleReadIOPSDevice(), "riops", "throttleReadIOPSDevice", w);
        throttle(b.throttleWriteIOPSDevice(), "wiops", "throttleWriteIOPSDevice", w);
    }

    private static void throttle(List<LinuxThrottleDevice> devices, String key, String field, List<CgroupWrite> w) {
        for (LinuxThrottleDevice d : devices) {
            w.add(CgroupWrite.v2("io.max", d.major() + ":" + d.minor() + " " + key + "=" + Long.toUnsignedString(d.rate()),
                    "linux.resources.blockIO." + field));
        }
    }

    /** Raw key/values: file names in the container's cgroup directory, never a path (as runc). */
    private static void unified(Map<String, String> unified, List<CgroupWrite> w) {
        for (Map.Entry<String, String> e : unified.entrySet()) {
            String key = e.getKey();
            if (key.isEmpty() || key.contains("/") || key.equals(".") || key.equals("..")) {
                throw new InvalidSpecException("linux.resources.unified",
                        "\"" + key + "\" is not a cgroup v2 controller file");
            }
            w.add(CgroupWrite.v2(key, e.getValue(), "linux.resources.unified[\"" + key + "\"]"));
        }
    }
}
