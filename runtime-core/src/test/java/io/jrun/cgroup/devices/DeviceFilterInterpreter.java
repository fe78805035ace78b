package io.jrun.cgroup.devices;

import static io.jrun.cgroup.devices.Bpf.BPF_ALU;
import static io.jrun.cgroup.devices.Bpf.BPF_ALU64;
import static io.jrun.cgroup.devices.Bpf.BPF_JMP;
import static io.jrun.cgroup.devices.Bpf.BPF_LDX;
import static io.jrun.cgroup.devices.Bpf.BPF_MEM;
import static io.jrun.cgroup.devices.Bpf.BPF_W;
import static io.jrun.cgroup.devices.Bpf.BPF_X;

/**
 * Runs a BPF_PROG_TYPE_CGROUP_DEVICE program on one request, the way the kernel would, for the
 * instructions the device filter uses: 32-bit loads from the context, ALU32/ALU64 operations, jumps
 * and exit. It also checks what the verifier would refuse: reading a register never written, loads
 * from anything but the context or outside it, backward jumps, falling off the end, exit without r0.
 */
final class DeviceFilterInterpreter {
    private static final int CTX_SIZE = 12;

    private final byte[] program;

    DeviceFilterInterpreter(byte[] program) {
        this.program = program;
        Bpf.length(program);
    }

    /** The program's verdict for {@code access} (DeviceFilter.ACC_* bits) on a device. */
    boolean allows(int deviceType, int major, int minor, int access) {
        return run(deviceType, major, minor, access) != 0;
    }

    /** Shorthand: type 'c' or 'b', access a string of "rwm" letters. */
    boolean allows(char type, int major, int minor, String access) {
        int bits = 0;
        for (char c : access.toCharArray()) {
            bits |= switch (c) {
                case 'r' -> DeviceFilter.ACC_READ;
                case 'w' -> DeviceFilter.ACC_WRITE;
                case 'm' -> DeviceFilter.ACC_MKNOD;
                default -> throw new IllegalArgumentException(access);
            };
        }
        return allows(type == 'b' ? DeviceFilter.DEV_BLOCK : DeviceFilter.DEV_CHAR, major, minor, bits);
    }

    long run(int deviceType, int major, int minor, int access) {
        int[] ctx = {access << 16 | deviceType, major, minor};
        long[] reg = new long[11];
        boolean[] set = new boolean[11];
        boolean[] isCtx = new boolean[11];
        set[1] = true;
        isCtx[1] = true;
        int n = Bpf.length(program);
        int pc = 0;
        for (int steps = 0; steps <= n; steps++) {
            if (pc < 0 || pc >= n) {
                throw new IllegalStateException("pc " + pc + " outside the program\n" + Bpf.disassemble(program));
            }
            Bpf.Insn in = Bpf.decode(program, pc);
            int code = in.code();
            int cls = Bpf.cls(code);
            if (cls == BPF_LDX) {
                if (code != (BPF_LDX | BPF_MEM | BPF_W)) {
                    throw fail(in, "unsupported load");
                }
                if (!set[in.src()] || !isCtx[in.src()]) {
                    throw fail(in, "load from something not the context");
                }
                if (in.off() < 0 || in.off() + 4 > CTX_SIZE || in.off() % 4 != 0) {
                    throw fail(in, "load outside the context");
                }
                reg[in.dst()] = ctx[in.off() / 4] & 0xffff_ffffL;
                set[in.dst()] = true;
                isCtx[in.dst()] = false;
                pc++;
            } else if (cls == BPF_ALU || cls == BPF_ALU64) {
                boolean wide = cls == BPF_ALU64;
                long operand = operand(in, reg, set, isCtx);
                int op = Bpf.op(code);
                if (op != Bpf.BPF_MOV) {
                    read(in, in.dst(), set, isCtx);
                }
                long d = reg[in.dst()];
                long r = switch (op) {
                    case Bpf.BPF_MOV -> operand;
                    case Bpf.BPF_AND -> d & operand;
                    case Bpf.BPF_OR -> d | operand;
                    case Bpf.BPF_XOR -> d ^ operand;
                    case Bpf.BPF_ADD -> d + operand;
                    case Bpf.BPF_SUB -> d - operand;
                    case Bpf.BPF_LSH -> wide ? d << (operand & 63) : (int) d << (operand & 31);
                    case Bpf.BPF_RSH -> wide ? d >>> (operand & 63) : (d & 0xffff_ffffL) >>> (operand & 31);
                    default -> throw fail(in, "unsupported ALU operation");
                };
                reg[in.dst()] = wide ? r : r & 0xffff_ffffL;
                set[in.dst()] = true;
                isCtx[in.dst()] = false;
                pc++;
            } else if (cls == BPF_JMP) {
                int op = Bpf.op(code);
                if (op == Bpf.BPF_EXIT) {
                    read(in, 0, set, isCtx);
                    return reg[0];
                }
                boolean taken;
                if (op == Bpf.BPF_JA) {
                    taken = true;
                } else {
                    read(in, in.dst(), set, isCtx);
                    long d = reg[in.dst()];
                    long s = operand(in, reg, set, isCtx);
                    taken = switch (op) {
                        case Bpf.BPF_JEQ -> d == s;
                        case Bpf.BPF_JNE -> d != s;
                        case Bpf.BPF_JGT -> Long.compareUnsigned(d, s) > 0;
                        case Bpf.BPF_JGE -> Long.compareUnsigned(d, s) >= 0;
                        case Bpf.BPF_JSET -> (d & s) != 0;
                        default -> throw fail(in, "unsupported jump");
                    };
                }
                if (in.off() < 0) {
                    throw fail(in, "backward jump");
                }
                pc += 1 + (taken ? in.off() : 0);
            } else {
                throw fail(in, "unsupported instruction class");
            }
        }
        throw new IllegalStateException("no exit");
    }

    /** The source operand: a register (64 bits) or the immediate, sign-extended as the kernel does. */
    private long operand(Bpf.Insn in, long[] reg, boolean[] set, boolean[] isCtx) {
        if (Bpf.src(in.code()) == BPF_X) {
            read(in, in.src(), set, isCtx);
            return reg[in.src()];
        }
        return in.imm();
    }

    private void read(Bpf.Insn in, int r, boolean[] set, boolean[] isCtx) {
        if (!set[r]) {
            throw fail(in, "r" + r + " read before it is written");
        }
        if (isCtx[r]) {
            throw fail(in, "arithmetic on the context pointer r" + r);
        }
    }

    private IllegalStateException fail(Bpf.Insn in, String why) {
        return new IllegalStateException(why + " at " + in.index() + ": " + Bpf.describe(in) + "\n"
                + Bpf.disassemble(program));
    }
}
