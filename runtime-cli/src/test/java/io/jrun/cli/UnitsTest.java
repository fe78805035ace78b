package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.UsageException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Sizes as go-units' RAMInBytes reads them (binary multiples), durations as Go's time.ParseDuration. */
class UnitsTest {
    @ParameterizedTest(name = "\"{0}\" = {1}")
    @CsvSource({
        "100, 100",
        "0, 0",
        "-1, -1",
        "64m, 67108864",
        "64M, 67108864",
        "64mb, 67108864",
        "64MiB, 67108864",
        "'64 m', 67108864",
        "1g, 1073741824",
        "1G, 1073741824",
        "1gb, 1073741824",
        "512KiB, 524288",
        "512k, 524288",
        "1.5k, 1536",
        "2t, 2199023255552",
        "1p, 1125899906842624",
        "100b, 100",
    })
    void bytes(String text, long bytes) {
        assertEquals(bytes, Units.bytes("--memory", text));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"abc", "", "m", "64x", "-2", "-64m", "1.2.3", "64 mb extra", "0x10"})
    void invalidSizesNameTheOption(String text) {
        UsageException e = assertThrows(UsageException.class, () -> Units.bytes("--memory-swap", text));
        assertTrue(e.getMessage().startsWith("--memory-swap: invalid size"), e.getMessage());
        assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\" = {1} ms")
    @CsvSource({
        "5s, 5000",
        "100ms, 100",
        "1m30s, 90000",
        "1h, 3600000",
        "1.5s, 1500",
        "2m, 120000",
        "1h2m3s, 3723000",
        "500us, 0",
    })
    void duration(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Units.duration("--interval", text).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @ParameterizedTest(name = "\"{0}\" = {1} ns")
    @CsvSource({"1ns, 1", "1us, 1000", "1µs, 1000", "250ms, 250000000"})
    void shortDurations(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), Units.duration("--interval", text));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"5", "-1s", "", "s", "5x", "5 s", "0s", "1m30", "abc", "5s5"})
    void invalidDurationsNameTheOption(String text) {
        UsageException e = assertThrows(UsageException.class, () -> Units.duration("--interval", text));
        assertTrue(e.getMessage().startsWith("--interval: invalid duration"), e.getMessage());
    }
}
