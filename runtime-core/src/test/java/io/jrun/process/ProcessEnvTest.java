package io.jrun.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessEnvTest {
    @Test
    void getReturnsTheLastValue() {
        assertEquals(Optional.of("b"), ProcessEnv.get(List.of("X=a", "XX=c", "X=b"), "X"));
        assertEquals(Optional.of(""), ProcessEnv.get(List.of("X="), "X"));
        assertEquals(Optional.empty(), ProcessEnv.get(List.of("XY=1"), "X"));
    }
}
