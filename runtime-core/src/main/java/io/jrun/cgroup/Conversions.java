package io.jrun.cgroup;

import io.jrun.error.InvalidSpecException;

/** Value conversions between the OCI (cgroup v1 flavoured) resources and cgroup v2, as runc makes them. */
public final class Conversions {
    private Conversions() {}

    /** cpu.shares [2, 262144] to cpu.weight [1, 10000]; 0 means unset. */
    public static long sharesToWeight(long shares) {
        if (shares == 0) {
            return 0;
        }
        long s = Math.max(2, Math.min(262144, shares));
        return 1 + ((s - 2) * 9999) / 262142;
    }

    /** blkio.weight [10, 1000] to io.weight [1, 10000]; 0 means unset. */
    public static long blkioWeightToIoWeight(long weight) {
        if (weight == 0) {
            return 0;
        }
        return 1 + (weight - 10) * 9999 / 990;
    }

    /**
     * The OCI swap value is memory+swap (v1's memsw); v2's memory.swap.max is swap alone.
     * Returns the v2 value: -1 for "max", 0 for "leave unset".
     */
    public static long swapToV2(long memory, long memorySwap) {
        // memory unlimited and swap not given: both unlimited, as on v1.
        if (memory == -1 && memorySwap == 0) {
            return -1;
        }
        if (memorySwap == -1 || memorySwap == 0) {
            return memorySwap;
        }
        if (memory == 0 || memory == -1) {
            throw new InvalidSpecException("linux.resources.memory.swap",
                    "a swap limit needs a memory limit (swap is memory+swap)");
        }
        if (memory > memorySwap) {
            throw new InvalidSpecException("linux.resources.memory.swap",
                    "memory+swap limit " + memorySwap + " is lower than the memory limit " + memory);
        }
        return memorySwap - memory;
    }

    /** -1 (and any negative value) means unlimited: "max" on v2 and in pids.max. */
    public static String maxOr(long value) {
        return value < 0 ? "max" : Long.toString(value);
    }

    /** cpu.max: "$quota $period", quota "max" when unlimited. */
    public static String cpuMax(Long quota, Long period) {
        String q = quota == null || quota <= 0 ? "max" : Long.toString(quota);
        return period == null || period == 0 ? q : q + " " + Long.toUnsignedString(period);
    }

    /** "2MB" -> "2MB": the v1 and v2 hugetlb file names take the size with its unit as given. */
    public static String hugepageSize(String pageSize) {
        if (pageSize == null || !pageSize.matches("[0-9]+[KMG]B")) {
            throw new InvalidSpecException("linux.resources.hugepageLimits",
                    "invalid page size \"" + pageSize + "\" (expected e.g. 2MB, 1GB)");
        }
        return pageSize;
    }
}
