package io.jrun.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.InvalidSpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The v1 to v2 value conversions, against runc's (libcontainer/cgroups/utils.go). */
class ConversionsTest {
    private static final long M = 1024 * 1024;

    @ParameterizedTest(name = "shares {0} -> weight {1}")
    @CsvSource({
        "0, 0", // unset stays unset
        "2, 1",
        "1, 1", // below the v1 minimum: clamped to 2
        "1024, 39",
        "262144, 10000",
        "300000, 10000", // above the v1 maximum: clamped
    })
    void sharesToWeight(long shares, long weight) {
        assertEquals(weight, Conversions.sharesToWeight(shares));
    }

    @ParameterizedTest(name = "blkio weight {0} -> io weight {1}")
    @CsvSource({"0, 0", "10, 1", "500, 4950", "1000, 10000"})
    void blkioWeightToIoWeight(long blkio, long io) {
        assertEquals(io, Conversions.blkioWeightToIoWeight(blkio));
    }

    @ParameterizedTest(name = "memory {0}, memory+swap {1} -> swap.max {2}")
    @CsvSource({
        "-1, 0, -1", // unlimited memory, swap not given: unlimited swap too
        "67108864, -1, -1",
        "0, -1, -1",
        "67108864, 0, 0", // swap not given: left alone
        "0, 0, 0",
        "67108864, 134217728, 67108864",
        "67108864, 67108864, 0", // memory+swap == memory: no swap at all
    })
    void swapToV2(long memory, long memorySwap, long v2) {
        assertEquals(v2, Conversions.swapToV2(memory, memorySwap));
    }

    @ParameterizedTest(name = "memory {0}")
    @ValueSource(longs = {0, -1})
    void swapWithoutAMemoryLimitIsRefused(long memory) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> Conversions.swapToV2(memory, 128 * M));
        assertEquals("linux.resources.memory.swap", e.field());
        assertTrue(e.getMessage().contains("memory limit"), e.getMessage());
    }

    @Test
    void memoryAboveMemoryPlusSwapIsRefused() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> Conversions.swapToV2(128 * M, 64 * M));
        assertEquals("linux.resources.memory.swap", e.field());
        assertTrue(e.getMessage().contains("67108864") && e.getMessage().contains("134217728"), e.getMessage());
    }

    @ParameterizedTest(name = "quota {0}, period {1} -> \"{2}\"")
    @CsvSource(nullValues = "null", value = {
        "null, 100000, max 100000",
        "-1, 100000, max 100000",
        "0, 100000, max 100000",
        "-1, null, max",
        "null, null, max",
        "50000, 100000, 50000 100000",
        "50000, null, 50000", // the kernel keeps the current period
        "50000, 0, 50000",
    })
    void cpuMax(Long quota, Long period, String expected) {
        assertEquals(expected, Conversions.cpuMax(quota, period));
    }

    @Test
    void cpuMaxPeriodIsUnsigned() {
        assertEquals("max 18446744073709551615", Conversions.cpuMax(null, -1L));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"-1, max", "-5, max", "0, 0", "10, 10", "9223372036854775807, 9223372036854775807"})
    void maxOr(long value, String expected) {
        assertEquals(expected, Conversions.maxOr(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2MB", "1GB", "64KB", "16GB"})
    void hugepageSizesAreTakenAsGiven(String size) {
        assertEquals(size, Conversions.hugepageSize(size));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2M", "2mb", "MB", "2 MB", "../2MB", "2MB/x"})
    void otherHugepageSizesAreRefused(String size) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> Conversions.hugepageSize(size));
        assertEquals("linux.resources.hugepageLimits", e.field());
    }

    @Test
    void aMissingHugepageSizeIsRefused() {
        assertThrows(InvalidSpecException.class, () -> Conversions.hugepageSize(null));
    }
}
