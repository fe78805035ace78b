package io.jrun.cgroup.devices;

import static io.jrun.cgroup.devices.Bpf.BPF_AND;
import static io.jrun.cgroup.devices.Bpf.BPF_JEQ;
import static io.jrun.cgroup.devices.Bpf.BPF_JNE;
import static io.jrun.cgroup.devices.Bpf.BPF_RSH;
import static io.jrun.cgroup.devices.Bpf.R1;
import static io.jrun.cgroup.devices.Bpf.R2;
import static io.jrun.cgroup.devices.Bpf.R3;
import static io.jrun.cgroup.devices.Bpf.R4;
import static io.jrun.cgroup.devices.Bpf.R5;

import io.jrun.error.InvalidSpecException;
import io.jrun.spec.LinuxDeviceCgroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles {@code linux.resources.devices} into a BPF_PROG_TYPE_CGROUP_DEVICE program, the cgroup v2
 * device controller (cgroup v1's devices.allow/devices.deny as a program).
 *
 * <h2>Semantics</h2>
 * Rules apply in order and a later rule overrides an earlier one; what no rule covers is denied.
 * The kernel asks about one device and a set of accesses at once (opening O_RDWR asks for read and
 * write), and, as with cgroup v1, each access is decided on its own: the request is allowed when,
 * for every access it asks for, the last rule that matches the device and names that access allows
 * it. For a request of one access (mknod, or a read-only or write-only open) that is exactly "the
 * last matching rule wins" with a rule matching when {@code (access & ~ruleAccess) == 0}; for a
 * request of several it also makes "allow a; deny c 1:3 w" refuse an O_RDWR open of /dev/null and
 * "allow c 1:3 r; allow c 1:3 w" grant it.
 *
 * <h2>Program</h2>
 * The context is {@code struct bpf_cgroup_dev_ctx { u32 access_type; u32 major; u32 minor; }}: the
 * low 16 bits of access_type are the device type (BPF_DEVCG_DEV_BLOCK 1, BPF_DEVCG_DEV_CHAR 2), the
 * high 16 the accesses asked for (BPF_DEVCG_ACC_MKNOD 1, READ 2, WRITE 4). The program keeps
 * r2 = type, r3 = the accesses not decided yet, r4 = major, r5 = minor, then checks the rules from
 * the last to the first, each a block that jumps to the next one when the rule does not match:
 * <pre>
 *   if r2 != type goto next;  if r4 != major goto next;  if r5 != minor goto next   (wildcards skip)
 *   access rwm:       r0 = allow; exit
 *   partial allow:    w3 &= ~access; if r3 != 0 goto next; r0 = 1; exit
 *   partial deny:     w1 = w3; w1 &= access; if r1 == 0 goto next; r0 = 0; exit
 * next:
 * </pre>
 * and ends with {@code r0 = default; exit}. Rules before the last "a *:* rwm" rule can never decide
 * anything and are left out; that rule's verdict becomes the default (deny without one), and rules
 * before the first one that differs from the default are left out too.
 */
public final class DeviceFilter {
    public static final int DEV_BLOCK = 1;
    public static final int DEV_CHAR = 2;
    public static final int ACC_MKNOD = 1;
    public static final int ACC_READ = 2;
    public static final int ACC_WRITE = 4;
    public static final int ACC_ALL = ACC_MKNOD | ACC_READ | ACC_WRITE;

    /** License string given to BPF_PROG_LOAD (as runc); the program calls no GPL-only helper. */
    public static final String LICENSE = "Apache";

    private static final long ANY = -1;
    private static final long MAX_U32 = 0xffff_ffffL;

    private DeviceFilter() {}

    /** One rule, checked: deviceType 0 = any, major/minor -1 = any, access a mask of ACC_*. */
    record Rule(boolean allow, int deviceType, long major, long minor, int access) {
        boolean total() {
            return deviceType == 0 && major == ANY && minor == ANY && access == ACC_ALL;
        }
    }

    /**
     * The program as an array of 8-byte {@code struct bpf_insn}, little endian.
     *
     * <p>A null or empty type is "a"; a null access is "rwm"; a null or negative major/minor is the
     * wildcard (as runc reads them).
     *
     * @throws InvalidSpecException naming {@code linux.resources.devices[i]} for a rule with an
     *     unknown type, an empty access or an unknown access letter, or a major/minor that does not
     *     fit in 32 bits
     */
    public static byte[] compile(List<LinuxDeviceCgroup> rules) {
        List<Rule> checked = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            checked.add(check(rules.get(i), "linux.resources.devices[" + i + "]"));
        }
        return compileRules(checked);
    }

    /** {@link Bpf#disassemble} for a compiled filter. */
    public static String disassemble(byte[] program) {
        return Bpf.disassemble(program);
    }

    static Rule check(LinuxDeviceCgroup rule, String field) {
        int type = switch (rule.type() == null || rule.type().isEmpty() ? "a" : rule.type()) {
            case "a" -> 0;
            case "c" -> DEV_CHAR;
            case "b" -> DEV_BLOCK;
            default -> throw new InvalidSpecException(field + ".type", "invalid device type \"" + rule.type() + "\"");
        };
        int access = 0;
        String letters = rule.access() == null ? "rwm" : rule.access();
        if (letters.isEmpty()) {
            throw new InvalidSpecException(field + ".access", "cannot be empty"); // as runc
        }
        for (char c : letters.toCharArray()) {
            access |= switch (c) {
                case 'r' -> ACC_READ;
                case 'w' -> ACC_WRITE;
                case 'm' -> ACC_MKNOD;
                default -> throw new InvalidSpecException(field + ".access", "invalid device access \"" + letters + "\"");
            };
        }
        return new Rule(rule.allow(), type, number(rule.major(), field + ".major"), number(rule.minor(), field + ".minor"),
                access);
    }

    /** null (and, as runc reads it, a negative number) is the wildcard. */
    private static long number(Long value, String field) {
        if (value == null || value < 0) {
            return ANY;
        }
        if (value > MAX_U32) {
            throw new InvalidSpecException(field, "out of range: " + value);
        }
        return value;
    }

    static byte[] compileRules(List<Rule> rules) {
        // An "a *:* rwm" rule decides every request not decided by a later rule: it is the default.
        boolean defaultAllow = false;
        int start = 0;
        for (int i = rules.size() - 1; i >= 0; i--) {
            if (rules.get(i).total()) {
                defaultAllow = rules.get(i).allow();
                start = i + 1;
                break;
            }
        }
        // Rules that say what the default says, before the first one that does not, decide nothing.
        List<Rule> live = new ArrayList<>();
        for (Rule r : rules.subList(start, rules.size())) {
            if (!live.isEmpty() || r.allow() != defaultAllow) {
                live.add(r);
            }
        }

        BpfAssembler asm = new BpfAssembler();
        if (!live.isEmpty()) {
            asm.loadWord(R2, R1, 0).alu32(BPF_AND, R2, 0xffff); // r2 = type
            asm.loadWord(R3, R1, 0).alu32(BPF_RSH, R3, 16); // r3 = access asked for
            asm.loadWord(R4, R1, 4); // r4 = major
            asm.loadWord(R5, R1, 8); // r5 = minor
            for (int i = live.size() - 1; i >= 0; i--) {
                ruleBlock(asm, live.get(i));
            }
        }
        asm.ret(defaultAllow ? 1 : 0);
        return asm.assemble();
    }

    private static void ruleBlock(BpfAssembler asm, Rule rule) {
        BpfAssembler.Label next = new BpfAssembler.Label();
        if (rule.deviceType() != 0) {
            asm.jump(BPF_JNE, R2, rule.deviceType(), next);
        }
        compare(asm, R4, rule.major(), next);
        compare(asm, R5, rule.minor(), next);
        if (rule.access() == ACC_ALL) {
            asm.ret(rule.allow() ? 1 : 0);
        } else if (rule.allow()) {
            asm.alu32(BPF_AND, R3, ~rule.access()); // these accesses are granted
            asm.jump(BPF_JNE, R3, 0, next); // others are left to earlier rules
            asm.ret(1);
        } else {
            asm.mov32Reg(R1, R3).alu32(BPF_AND, R1, rule.access());
            asm.jump(BPF_JEQ, R1, 0, next); // none of the undecided accesses is denied here
            asm.ret(0);
        }
        asm.bind(next);
    }

    /** if reg != value goto next; a 64-bit compare, so values of 2^31 and more go through a register. */
    private static void compare(BpfAssembler asm, int reg, long value, BpfAssembler.Label next) {
        if (value == ANY) {
            return;
        }
        if (value <= Integer.MAX_VALUE) {
            asm.jump(BPF_JNE, reg, (int) value, next);
        } else {
            asm.alu32(Bpf.BPF_MOV, R1, (int) value); // w1 = value, zero-extended
            asm.jumpReg(BPF_JNE, reg, R1, next);
        }
    }
}
