package io.jrun.cli.warm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdleClockTest {
    private static final long S = 1_000_000_000L;

    @Test
    void idleOnlyWithNoCommandForTheWholeTime() {
        IdleClock clock = new IdleClock(Duration.ofSeconds(10), 0);
        assertFalse(clock.idle(9 * S));
        assertTrue(clock.idle(10 * S));
        clock.begin();
        assertFalse(clock.idle(100 * S), "a command in progress, however long");
        clock.end(100 * S);
        assertFalse(clock.idle(105 * S), "counted from the end of the last command");
        assertTrue(clock.idle(110 * S));
    }

    @Test
    void everyConcurrentCommandMustEnd() {
        IdleClock clock = new IdleClock(Duration.ofSeconds(1), 0);
        clock.begin();
        clock.begin();
        clock.end(S);
        assertFalse(clock.idle(10 * S));
        clock.end(10 * S);
        assertTrue(clock.idle(11 * S));
    }
}
