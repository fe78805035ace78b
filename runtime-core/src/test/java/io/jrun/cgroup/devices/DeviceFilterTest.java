package io.jrun.cgroup.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.InvalidSpecException;
import io.jrun.spec.LinuxDeviceCgroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviceFilterTest {
    private static LinuxDeviceCgroup allow(String type, Long major, Long minor, String access) {
        return new LinuxDeviceCgroup(true, type, major, minor, access);
    }

    private static LinuxDeviceCgroup deny(String type, Long major, Long minor, String access) {
        return new LinuxDeviceCgroup(false, type, major, minor, access);
    }

    private static final LinuxDeviceCgroup DENY_ALL = deny(null, null, null, "rwm");
    private static final LinuxDeviceCgroup ALLOW_ALL = allow("a", null, null, "rwm");

    private static DeviceFilterInterpreter filter(LinuxDeviceCgroup... rules) {
        return new DeviceFilterInterpreter(DeviceFilter.compile(List.of(rules)));
    }

    @Test
    void noRulesDeniesEverything() {
        byte[] program = DeviceFilter.compile(List.of());
        assertEquals(2 * Bpf.INSN_SIZE, program.length);
        DeviceFilterInterpreter f = new DeviceFilterInterpreter(program);
        assertFalse(f.allows('c', 1, 3, "r"));
        assertFalse(f.allows('b', 8, 0, "m"));
    }

    @Test
    void denyAll() {
        DeviceFilterInterpreter f = filter(DENY_ALL);
        for (char type : new char[] {'c', 'b'}) {
            for (String access : List.of("r", "w", "m", "rw", "rwm")) {
                assertFalse(f.allows(type, 1, 3, access));
                assertFalse(f.allows(type, 0, 0, access));
            }
        }
    }

    @Test
    void denyAllThenAllowDevNull() {
        DeviceFilterInterpreter f = filter(DENY_ALL, allow("c", 1L, 3L, "rwm"));
        assertTrue(f.allows('c', 1, 3, "r"));
        assertTrue(f.allows('c', 1, 3, "w"));
        assertTrue(f.allows('c', 1, 3, "rw"));
        assertTrue(f.allows('c', 1, 3, "m"));
        assertFalse(f.allows('b', 1, 3, "r"), "the block device 1:3 is not /dev/null");
        assertFalse(f.allows('c', 1, 5, "r"));
        assertFalse(f.allows('c', 2, 3, "r"));
    }

    @Test
    void allowAllThenDenyWritesToDevNull() {
        DeviceFilterInterpreter f = filter(ALLOW_ALL, deny("c", 1L, 3L, "w"));
        assertFalse(f.allows('c', 1, 3, "w"));
        assertFalse(f.allows('c', 1, 3, "rw"), "O_RDWR asks for write too");
        assertTrue(f.allows('c', 1, 3, "r"));
        assertTrue(f.allows('c', 1, 3, "m"));
        assertTrue(f.allows('b', 1, 3, "w"));
        assertTrue(f.allows('c', 1, 5, "rwm"));
        assertTrue(f.allows('b', 8, 0, "rw"));
    }

    @Test
    void allowAllIsAProgramThatReturnsOne() {
        byte[] program = DeviceFilter.compile(List.of(DENY_ALL, allow("c", 1L, 3L, "rwm"), ALLOW_ALL));
        assertEquals(2 * Bpf.INSN_SIZE, program.length, DeviceFilter.disassemble(program));
        assertTrue(new DeviceFilterInterpreter(program).allows('b', 7, 7, "rwm"));
    }

    @Test
    void wildcardMinorForPtys() {
        DeviceFilterInterpreter f = filter(DENY_ALL, allow("c", 136L, null, "rwm"), allow("c", 5L, 2L, "rwm"));
        assertTrue(f.allows('c', 136, 0, "rw"));
        assertTrue(f.allows('c', 136, 4095, "rw"));
        assertTrue(f.allows('c', 5, 2, "rw"));
        assertFalse(f.allows('c', 5, 1, "rw"));
        assertFalse(f.allows('b', 136, 0, "r"));
    }

    @Test
    void wildcardMajor() {
        DeviceFilterInterpreter f = filter(DENY_ALL, allow("b", null, 7L, "r"));
        assertTrue(f.allows('b', 8, 7, "r"));
        assertTrue(f.allows('b', 259, 7, "r"));
        assertFalse(f.allows('b', 8, 6, "r"));
        assertFalse(f.allows('b', 8, 7, "w"));
        assertFalse(f.allows('c', 8, 7, "r"));
    }

    @Test
    void typeAMatchesCharAndBlock() {
        DeviceFilterInterpreter f = filter(DENY_ALL, allow("a", 1L, 3L, "r"));
        assertTrue(f.allows('c', 1, 3, "r"));
        assertTrue(f.allows('b', 1, 3, "r"));
        assertFalse(f.allows('c', 1, 4, "r"));
    }

    @Test
    void laterRulesOverrideEarlierOnes() {
        DeviceFilterInterpreter f = filter(
                allow("c", 1L, null, "rwm"),
                deny("c", 1L, 3L, "rwm"),
                allow("c", 1L, 3L, "r"),
                deny("c", 1L, 5L, "r"));
        assertTrue(f.allows('c', 1, 3, "r"), "re-allowed by the third rule");
        assertFalse(f.allows('c', 1, 3, "w"), "denied by the second, never re-allowed");
        assertFalse(f.allows('c', 1, 3, "rw"));
        assertFalse(f.allows('c', 1, 5, "r"), "denied by the last rule");
        assertTrue(f.allows('c', 1, 5, "w"));
        assertTrue(f.allows('c', 1, 9, "rwm"));

        DeviceFilterInterpreter g = filter(allow("c", 1L, 3L, "rwm"), DENY_ALL);
        assertFalse(g.allows('c', 1, 3, "r"), "a later deny-all wins over an earlier allow");
    }

    @Test
    void mknodOnlyRules() {
        // runc's defaults: anyone may mknod any char or block device, which then cannot be opened
        DeviceFilterInterpreter f = filter(DENY_ALL, allow("c", null, null, "m"), allow("b", null, null, "m"));
        assertTrue(f.allows('c', 1, 3, "m"));
        assertTrue(f.allows('b', 8, 0, "m"));
        assertFalse(f.allows('c', 1, 3, "r"));
        assertFalse(f.allows('b', 8, 0, "w"));
        assertFalse(f.allows('c', 1, 3, "rw"));
    }

    @Test
    void accessSubsets() {
        DeviceFilterInterpreter f = filter(DENY_ALL, allow("c", 10L, 200L, "rw"), allow("c", 4L, 1L, "r"));
        assertTrue(f.allows('c', 10, 200, "r"));
        assertTrue(f.allows('c', 10, 200, "w"));
        assertTrue(f.allows('c', 10, 200, "rw"));
        assertFalse(f.allows('c', 10, 200, "m"));
        assertTrue(f.allows('c', 4, 1, "r"));
        assertFalse(f.allows('c', 4, 1, "w"));
        assertFalse(f.allows('c', 4, 1, "rw"), "write is not granted, so neither is read+write");
    }

    @Test
    void accessesGrantedByDifferentRulesCombine() {
        DeviceFilterInterpreter f = filter(DENY_ALL, allow("c", 1L, 3L, "r"), allow("c", 1L, null, "w"));
        assertTrue(f.allows('c', 1, 3, "rw"));
        assertFalse(f.allows('c', 1, 4, "rw"));
        assertTrue(f.allows('c', 1, 4, "w"));
    }

    @Test
    void nullAccessIsRwmAndEmptyTypeIsAll() {
        DeviceFilterInterpreter f = filter(DENY_ALL, allow("c", 1L, 3L, null), allow("", 1L, 5L, "r"));
        assertTrue(f.allows('c', 1, 3, "rwm"));
        assertTrue(f.allows('b', 1, 5, "r"));
        assertTrue(f.allows('c', 1, 5, "r"));
    }

    @Test
    void runcDefaultDevices() {
        DeviceFilterInterpreter f = filter(
                DENY_ALL,
                allow("c", null, null, "m"), allow("b", null, null, "m"),
                allow("c", 1L, 3L, "rwm"), allow("c", 1L, 8L, "rwm"), allow("c", 1L, 7L, "rwm"),
                allow("c", 5L, 0L, "rwm"), allow("c", 1L, 5L, "rwm"), allow("c", 1L, 9L, "rwm"),
                allow("c", 5L, 1L, "rwm"), allow("c", 136L, null, "rwm"), allow("c", 5L, 2L, "rwm"),
                allow("c", 10L, 200L, "rwm"));
        for (int[] dev : new int[][] {{1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}, {5, 1}, {5, 2}, {136, 3}, {10, 200}}) {
            assertTrue(f.allows('c', dev[0], dev[1], "rw"), dev[0] + ":" + dev[1]);
        }
        assertFalse(f.allows('c', 1, 1, "r"), "/dev/mem");
        assertFalse(f.allows('b', 8, 0, "r"), "/dev/sda");
        assertTrue(f.allows('b', 8, 0, "m"));
    }

    @Test
    void majorsAndMinorsBeyondInt() {
        long big = 0xffff_fff0L;
        DeviceFilterInterpreter f = filter(DENY_ALL, allow("c", big, 1L << 31, "r"));
        assertTrue(f.allows('c', (int) big, (int) (1L << 31), "r"));
        assertFalse(f.allows('c', (int) big, 0, "r"));
        assertFalse(f.allows('c', 0, (int) (1L << 31), "r"));
    }

    @Test
    void negativeNumbersAreWildcardsAsInRunc() {
        DeviceFilterInterpreter f = filter(DENY_ALL, allow("c", 1L, -1L, "r"));
        assertTrue(f.allows('c', 1, 42, "r"));
    }

    @Test
    void invalidRulesNameTheField() {
        InvalidSpecException type = assertThrows(InvalidSpecException.class,
                () -> DeviceFilter.compile(List.of(DENY_ALL, allow("u", 1L, 3L, "rwm"))));
        assertEquals("linux.resources.devices[1].type", type.field());
        InvalidSpecException access = assertThrows(InvalidSpecException.class,
                () -> DeviceFilter.compile(List.of(allow("c", 1L, 3L, "rwx"))));
        assertEquals("linux.resources.devices[0].access", access.field());
        InvalidSpecException empty = assertThrows(InvalidSpecException.class,
                () -> DeviceFilter.compile(List.of(allow("c", 1L, 3L, ""))));
        assertEquals("linux.resources.devices[0].access: cannot be empty", empty.getMessage());
        InvalidSpecException major = assertThrows(InvalidSpecException.class,
                () -> DeviceFilter.compile(List.of(allow("c", 1L << 32, 3L, "r"))));
        assertEquals("linux.resources.devices[0].major", major.field());
    }

    @Test
    void listing() {
        String listing = DeviceFilter.disassemble(
                DeviceFilter.compile(List.of(ALLOW_ALL, deny("c", 1L, 3L, "w"))));
        assertEquals("""
                   0: r2 = *(u32 *)(r1 +0)
                   1: w2 &= 0xffff
                   2: r3 = *(u32 *)(r1 +0)
                   3: w3 >>= 16
                   4: r4 = *(u32 *)(r1 +4)
                   5: r5 = *(u32 *)(r1 +8)
                   6: if r2 != 0x2 goto pc+7   // -> 14
                   7: if r4 != 0x1 goto pc+6   // -> 14
                   8: if r5 != 0x3 goto pc+5   // -> 14
                   9: w1 = w3
                  10: w1 &= 0x4
                  11: if r1 == 0x0 goto pc+2   // -> 14
                  12: r0 = 0
                  13: exit
                  14: r0 = 1
                  15: exit
                """, listing.replace(System.lineSeparator(), "\n"));
    }

    // --- the compiled program against a plain model of the semantics, on random rule lists ---

    /** For each access asked for, the last rule matching the device and naming it decides; default deny. */
    private static boolean model(List<LinuxDeviceCgroup> rules, char type, int major, int minor, int access) {
        for (int bit : new int[] {DeviceFilter.ACC_MKNOD, DeviceFilter.ACC_READ, DeviceFilter.ACC_WRITE}) {
            if ((access & bit) == 0) {
                continue;
            }
            boolean allowed = false;
            for (LinuxDeviceCgroup r : rules) {
                boolean typeMatches = r.type() == null || r.type().equals("a") || r.type().charAt(0) == type;
                boolean majorMatches = r.major() == null || r.major() == major;
                boolean minorMatches = r.minor() == null || r.minor() == minor;
                int ruleAccess = DeviceFilter.check(r, "x").access();
                if (typeMatches && majorMatches && minorMatches && (ruleAccess & bit) != 0) {
                    allowed = r.allow();
                }
            }
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    @Test
    void agreesWithTheModelOnRandomRules() {
        Random random = new Random(42);
        String[] types = {null, "a", "c", "b"};
        String[] accesses = {null, "r", "w", "m", "rw", "rm", "wm", "rwm", "mwr"};
        for (int round = 0; round < 2000; round++) {
            List<LinuxDeviceCgroup> rules = new ArrayList<>();
            int count = random.nextInt(7);
            for (int i = 0; i < count; i++) {
                rules.add(new LinuxDeviceCgroup(random.nextBoolean(), types[random.nextInt(types.length)],
                        random.nextInt(3) == 0 ? null : (long) random.nextInt(3),
                        random.nextInt(3) == 0 ? null : (long) random.nextInt(3),
                        accesses[random.nextInt(accesses.length)]));
            }
            byte[] program = DeviceFilter.compile(rules);
            DeviceFilterInterpreter f = new DeviceFilterInterpreter(program);
            for (char type : new char[] {'c', 'b'}) {
                for (int major = 0; major < 4; major++) {
                    for (int minor = 0; minor < 4; minor++) {
                        for (int access = 1; access <= DeviceFilter.ACC_ALL; access++) {
                            int t = type == 'c' ? DeviceFilter.DEV_CHAR : DeviceFilter.DEV_BLOCK;
                            String request = type + " " + Arrays.toString(new int[] {major, minor, access});
                            assertEquals(model(rules, type, major, minor, access), f.allows(t, major, minor, access),
                                    () -> rules + " " + request + "\n" + DeviceFilter.disassemble(program));
                        }
                    }
                }
            }
        }
    }
}
