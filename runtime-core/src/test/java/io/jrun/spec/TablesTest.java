package io.jrun.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TablesTest {
    @Test
    void namespaceTypesCarryCloneFlagsAndProcNames() {
        assertEquals(Optional.of(NamespaceType.NETWORK), NamespaceType.fromSpecName("network"));
        assertEquals(0x40000000L, NamespaceType.NETWORK.cloneFlag());
        assertEquals("net", NamespaceType.NETWORK.nsFileName());
        assertEquals("mnt", NamespaceType.MOUNT.nsFileName());
        assertEquals(0x00020000L, NamespaceType.MOUNT.cloneFlag());
        assertEquals(0x80L, NamespaceType.TIME.cloneFlag());
        assertEquals(Optional.empty(), NamespaceType.fromSpecName("net"));
        assertEquals(Optional.empty(), NamespaceType.fromSpecName(null));
        long all = 0;
        for (NamespaceType t : NamespaceType.values()) {
            assertEquals(Optional.of(t), NamespaceType.fromSpecName(t.specName()));
            assertEquals(0, all & t.cloneFlag(), "flags are distinct");
            all |= t.cloneFlag();
        }
    }

    @Test
    void rlimitTypesCarryLinuxResourceNumbers() {
        assertEquals(16, RlimitType.values().length);
        assertEquals(7, RlimitType.RLIMIT_NOFILE.resource());
        assertEquals(15, RlimitType.RLIMIT_RTTIME.resource());
        for (RlimitType t : RlimitType.values()) {
            assertEquals(t.ordinal(), t.resource());
        }
        assertTrue(RlimitType.fromName("RLIMIT_FOO").isEmpty());
        assertEquals(Optional.of(RlimitType.RLIMIT_AS), RlimitType.fromName("RLIMIT_AS"));
    }

    @Test
    void uint64PrintsUnsigned() {
        assertEquals("18446744073709551615", Uint64.toString(-1L));
        assertEquals("1024", Uint64.toString(1024L));
    }
}
