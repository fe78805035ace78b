package io.jrun.container;

import io.jrun.spec.LinuxBlockIo;
import io.jrun.spec.LinuxCpu;
import io.jrun.spec.LinuxMemory;
import io.jrun.spec.LinuxPids;
import io.jrun.spec.LinuxResources;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * update's rule, from runc and the clients that call it: a value left out, or 0, means "leave
 * unchanged" (Docker sends zeros for what it does not change). Pure.
 */
public final class ResourceUpdate {
    private ResourceUpdate() {}

    /** The stored resources with the update's non-zero values laid over them. */
    public static LinuxResources merge(LinuxResources current, LinuxResources update) {
        LinuxResources c = current == null ? LinuxResources.ofDevices(List.of()) : current;
        if (update == null) {
            return c;
        }
        return new LinuxResources(
                update.devices().isEmpty() ? c.devices() : update.devices(),
                memory(c.memory(), update.memory()),
                cpu(c.cpu(), update.cpu()),
                update.pids() == null || isZero(update.pids().limit()) ? c.pids() : new LinuxPids(update.pids().limit()),
                blockIO(c.blockIO(), update.blockIO()),
                update.hugepageLimits().isEmpty() ? c.hugepageLimits() : update.hugepageLimits(),
                update.network() == null ? c.network() : update.network(),
                update.rdma().isEmpty() ? c.rdma() : update.rdma(),
                mergeMaps(c.unified(), update.unified()));
    }

    private static LinuxMemory memory(LinuxMemory c, LinuxMemory u) {
        if (u == null) {
            return c;
        }
        if (c == null) {
            c = new LinuxMemory(null, null, null, null, null, null, null, null, null);
        }
        BinaryOperator<Long> pick = (old, neu) -> isZero(neu) ? old : neu;
        return new LinuxMemory(pick.apply(c.limit(), u.limit()), pick.apply(c.reservation(), u.reservation()),
                pick.apply(c.swap(), u.swap()), pick.apply(c.kernel(), u.kernel()), pick.apply(c.kernelTCP(), u.kernelTCP()),
                u.swappiness() == null ? c.swappiness() : u.swappiness(),
                u.disableOOMKiller() == null ? c.disableOOMKiller() : u.disableOOMKiller(),
                u.useHierarchy() == null ? c.useHierarchy() : u.useHierarchy(),
                u.checkBeforeUpdate() == null ? c.checkBeforeUpdate() : u.checkBeforeUpdate());
    }

    private static LinuxCpu cpu(LinuxCpu c, LinuxCpu u) {
        if (u == null) {
            return c;
        }
        if (c == null) {
            c = new LinuxCpu(null, null, null, null, null, null, null, null, null);
        }
        BinaryOperator<Long> pick = (old, neu) -> isZero(neu) ? old : neu;
        return new LinuxCpu(pick.apply(c.shares(), u.shares()), pick.apply(c.quota(), u.quota()),
                u.burst() == null ? c.burst() : u.burst(), pick.apply(c.period(), u.period()),
                pick.apply(c.realtimeRuntime(), u.realtimeRuntime()), pick.apply(c.realtimePeriod(), u.realtimePeriod()),
                u.cpus() == null || u.cpus().isEmpty() ? c.cpus() : u.cpus(),
                u.mems() == null || u.mems().isEmpty() ? c.mems() : u.mems(),
                u.idle() == null ? c.idle() : u.idle());
    }

    private static LinuxBlockIo blockIO(LinuxBlockIo c, LinuxBlockIo u) {
        if (u == null) {
            return c;
        }
        if (c == null) {
            return u;
        }
        return new LinuxBlockIo(u.weight() == null || u.weight() == 0 ? c.weight() : u.weight(),
                u.leafWeight() == null || u.leafWeight() == 0 ? c.leafWeight() : u.leafWeight(),
                u.weightDevice().isEmpty() ? c.weightDevice() : u.weightDevice(),
                u.throttleReadBpsDevice().isEmpty() ? c.throttleReadBpsDevice() : u.throttleReadBpsDevice(),
                u.throttleWriteBpsDevice().isEmpty() ? c.throttleWriteBpsDevice() : u.throttleWriteBpsDevice(),
                u.throttleReadIOPSDevice().isEmpty() ? c.throttleReadIOPSDevice() : u.throttleReadIOPSDevice(),
                u.throttleWriteIOPSDevice().isEmpty() ? c.throttleWriteIOPSDevice() : u.throttleWriteIOPSDevice());
    }

    private static java.util.Map<String, String> mergeMaps(java.util.Map<String, String> c, java.util.Map<String, String> u) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>(c);
        out.putAll(u);
        return out;
    }

    static boolean isZero(Long v) {
        return v == null || v == 0;
    }
}
