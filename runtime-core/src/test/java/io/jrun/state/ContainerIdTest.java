package io.jrun.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jrun.error.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"c1", "a", "my_container", "x-y.z+w", "a,b", "...", "a..b", ".hidden", "123", "A_B-C.D+E"})
    void validIdsAreReturned(String id) {
        assertEquals(id, ContainerId.validate(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "a/b", "/abs", "../x", "with space", "tab\t", "new\nline", "semi;colon",
        "colon:x", "é", "nul\0", "star*"})
    void invalidIdsAreRefused(String id) {
        UsageException e = assertThrows(UsageException.class, () -> ContainerId.validate(id));
        assertEquals("invalid container id format: " + id, e.getMessage());
    }

    @Test
    void emptyAndNullAreRefused() {
        assertEquals("container id cannot be empty",
                assertThrows(UsageException.class, () -> ContainerId.validate("")).getMessage());
        assertThrows(UsageException.class, () -> ContainerId.validate(null));
    }

    @Test
    void lengthLimit() {
        assertEquals(1024, ContainerId.validate("a".repeat(1024)).length());
        assertThrows(UsageException.class, () -> ContainerId.validate("a".repeat(1025)));
    }
}
