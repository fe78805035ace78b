package io.jrun.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.InvalidSpecException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
    private final List<String> warnings = new ArrayList<>();

    private long mask(List<String> names, int lastCap) {
        return Capabilities.mask("process.capabilities.effective", names, lastCap, warnings::add);
    }

    @Test
    void namesAreInTheKernelsOrder() {
        List<String> names = Capabilities.names();
        assertEquals(41, names.size());
        assertEquals(40, Capabilities.last());
        assertEquals("CAP_CHOWN", names.get(0));
        assertEquals("CAP_KILL", names.get(5));
        assertEquals("CAP_SETPCAP", names.get(8));
        assertEquals("CAP_NET_BIND_SERVICE", names.get(10));
        assertEquals("CAP_SYS_ADMIN", names.get(21));
        assertEquals("CAP_AUDIT_WRITE", names.get(29));
        assertEquals("CAP_SETFCAP", names.get(31));
        assertEquals("CAP_AUDIT_READ", names.get(37));
        assertEquals("CAP_PERFMON", names.get(38));
        assertEquals("CAP_BPF", names.get(39));
        assertEquals("CAP_CHECKPOINT_RESTORE", names.get(40));
        assertEquals(names.size(), new HashSet<>(names).size(), "no name twice");
        names.forEach(n -> assertTrue(n.startsWith("CAP_"), n));
    }

    @Test
    void eachNameIsItsBit() {
        List<String> names = Capabilities.names();
        for (int i = 0; i < names.size(); i++) {
            assertEquals(1L << i, mask(List.of(names.get(i)), 40), names.get(i));
        }
        assertEquals((1L << 41) - 1, mask(names, 40), "all of them");
        assertEquals(List.of(), warnings);
    }

    @Test
    void theDefaultSetsMask() {
        // runc spec's CAP_AUDIT_WRITE (29), CAP_KILL (5), CAP_NET_BIND_SERVICE (10)
        assertEquals((1L << 29) | (1L << 5) | (1L << 10),
                mask(List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"), 40));
    }

    @Test
    void emptyIsZeroAndRepeatsCountOnce() {
        assertEquals(0, mask(List.of(), 40));
        assertEquals(1L << 5, mask(List.of("CAP_KILL", "CAP_KILL"), 40));
    }

    @Test
    void anUnknownNameIsRefusedNamingTheField() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> Capabilities.mask("process.capabilities.bounding", List.of("CAP_KILL", "CAP_FLY"), 40, warnings::add));
        assertEquals("process.capabilities.bounding", e.field());
        assertEquals("process.capabilities.bounding: unknown capability \"CAP_FLY\"", e.getMessage());
        assertThrows(InvalidSpecException.class, () -> mask(List.of("KILL"), 40), "the CAP_ prefix is part of the name");
        assertThrows(InvalidSpecException.class, () -> mask(List.of(""), 40));
    }

    @Test
    void anUnknownNameIsRefusedEvenAboveLastCap() {
        assertThrows(InvalidSpecException.class, () -> mask(List.of("CAP_BPF", "CAP_NOPE"), 30));
    }

    @Test
    void aCapabilityTheKernelLacksIsSkippedWithAWarning() {
        // a 5.4 kernel: cap_last_cap 37, no CAP_PERFMON, CAP_BPF, CAP_CHECKPOINT_RESTORE
        long m = mask(List.of("CAP_KILL", "CAP_BPF", "CAP_AUDIT_READ", "CAP_CHECKPOINT_RESTORE"), 37);
        assertEquals((1L << 5) | (1L << 37), m);
        assertEquals(List.of("process.capabilities.effective: CAP_BPF is not known to this kernel: skipped",
                "process.capabilities.effective: CAP_CHECKPOINT_RESTORE is not known to this kernel: skipped"), warnings);
    }

    @Test
    void lastCapItselfIsKept() {
        assertEquals(1L << 40, mask(List.of("CAP_CHECKPOINT_RESTORE"), 40));
        assertEquals(List.of(), warnings);
    }
}
