package io.jrun.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jrun.error.UsageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalsTest {
    @ParameterizedTest
    @CsvSource({
        "9, 9", "1, 1", "64, 64", "15, 15",
        "KILL, 9", "SIGKILL, 9", "sigkill, 9", "sigterm, 15", "Term, 15", "SIGHUP, 1", "hup, 1",
        "USR1, 10", "SIGUSR2, 12", "CHLD, 17", "CLD, 17", "IOT, 6", "WINCH, 28", "SYS, 31",
        "RTMIN, 34", "RTMIN+2, 36", "SIGRTMIN+1, 35", "rtmin+30, 64", "RTMAX, 64", "RTMAX-1, 63", "RTMAX-30, 34",
    })
    void parsesNumbersNamesAndRealtimeSignals(String text, int expected) {
        assertEquals(expected, Signals.parse(text));
    }

    @org.junit.jupiter.api.Test
    void zeroOnlyChecksThatTheProcessExists() {
        org.junit.jupiter.api.Assertions.assertEquals(0, Signals.parse("0"));
        org.junit.jupiter.api.Assertions.assertEquals(0, Signals.parse("00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"65", "99999999999", "100"})
    void numbersOutOfRangeAreInvalid(String text) {
        UsageException e = assertThrows(UsageException.class, () -> Signals.parse(text));
        assertEquals("invalid signal: " + text, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO", "", "SIG", "SIGFOO", "-9", "+9", "9x", "RTMIN+31", "RTMAX-31", "RTMIN+x",
        "RTMIN+-1", "RTMAX--1", "RTMIN+2147483647", "RTMAX-2147483647", "RTMIN+99999999999"})
    void unknownNamesAreRefused(String text) {
        UsageException e = assertThrows(UsageException.class, () -> Signals.parse(text));
        assertEquals("unknown signal \"" + text + "\"", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {" 9", "KILL ", " SIGKILL "})
    void surroundingSpaceIsIgnored(String text) {
        assertEquals(9, Signals.parse(text));
    }
}
