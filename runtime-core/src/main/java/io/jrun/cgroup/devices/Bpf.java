package io.jrun.cgroup.devices;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The eBPF instruction set, as much of it as the device filter uses: opcode constants named as in
 * {@code linux/bpf_common.h} and {@code linux/bpf.h}, the 8-byte {@code struct bpf_insn} encoding,
 * and a listing in the kernel's (bpftool's) notation.
 *
 * <pre>
 * struct bpf_insn { u8 code; u8 dst_reg:4, src_reg:4; s16 off; s32 imm; }   // little endian
 * </pre>
 */
public final class Bpf {
    public static final int INSN_SIZE = 8;

    // instruction classes
    public static final int BPF_LD = 0x00;
    public static final int BPF_LDX = 0x01;
    public static final int BPF_ST = 0x02;
    public static final int BPF_STX = 0x03;
    public static final int BPF_ALU = 0x04;
    public static final int BPF_JMP = 0x05;
    public static final int BPF_JMP32 = 0x06;
    public static final int BPF_ALU64 = 0x07;

    // load/store size and mode
    public static final int BPF_W = 0x00;
    public static final int BPF_H = 0x08;
    public static final int BPF_B = 0x10;
    public static final int BPF_DW = 0x18;
    public static final int BPF_IMM = 0x00;
    public static final int BPF_MEM = 0x60;

    // operand source
    public static final int BPF_K = 0x00;
    public static final int BPF_X = 0x08;

    // ALU operations
    public static final int BPF_ADD = 0x00;
    public static final int BPF_SUB = 0x10;
    public static final int BPF_MUL = 0x20;
    public static final int BPF_DIV = 0x30;
    public static final int BPF_OR = 0x40;
    public static final int BPF_AND = 0x50;
    public static final int BPF_LSH = 0x60;
    public static final int BPF_RSH = 0x70;
    public static final int BPF_NEG = 0x80;
    public static final int BPF_MOD = 0x90;
    public static final int BPF_XOR = 0xa0;
    public static final int BPF_MOV = 0xb0;
    public static final int BPF_ARSH = 0xc0;

    // jump operations
    public static final int BPF_JA = 0x00;
    public static final int BPF_JEQ = 0x10;
    public static final int BPF_JGT = 0x20;
    public static final int BPF_JGE = 0x30;
    public static final int BPF_JSET = 0x40;
    public static final int BPF_JNE = 0x50;
    public static final int BPF_CALL = 0x80;
    public static final int BPF_EXIT = 0x90;

    // registers: R0 return value, R1 context pointer, R1-R5 scratch, R6-R9 callee saved, R10 frame pointer
    public static final int R0 = 0;
    public static final int R1 = 1;
    public static final int R2 = 2;
    public static final int R3 = 3;
    public static final int R4 = 4;
    public static final int R5 = 5;
    public static final int R6 = 6;

    private Bpf() {}

    public static int cls(int code) {
        return code & 0x07;
    }

    public static int op(int code) {
        return code & 0xf0;
    }

    public static int src(int code) {
        return code & 0x08;
    }

    /** One decoded instruction; {@code index} is its position in the program. */
    public record Insn(int index, int code, int dst, int src, int off, int imm) {}

    /** Encodes one {@code struct bpf_insn}. */
    public static void encode(ByteBuffer out, int code, int dst, int src, int off, int imm) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) code);
        out.put((byte) ((src & 0x0f) << 4 | (dst & 0x0f)));
        out.putShort((short) off);
        out.putInt(imm);
    }

    /** Decodes instruction {@code index} of a program. */
    public static Insn decode(byte[] program, int index) {
        ByteBuffer in = ByteBuffer.wrap(program, index * INSN_SIZE, INSN_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int code = in.get() & 0xff;
        int regs = in.get() & 0xff;
        short off = in.getShort();
        int imm = in.getInt();
        return new Insn(index, code, regs & 0x0f, regs >>> 4, off, imm);
    }

    public static int length(byte[] program) {
        if (program.length % INSN_SIZE != 0) {
            throw new IllegalArgumentException("a BPF program is a multiple of 8 bytes, not " + program.length);
        }
        return program.length / INSN_SIZE;
    }

    /**
     * A listing in bpftool's notation, one instruction a line:
     * {@code "   5: if r2 != 0x2 goto pc+3   // -> 9"}.
     */
    public static String disassemble(byte[] program) {
        StringBuilder out = new StringBuilder();
        int n = length(program);
        for (int i = 0; i < n; i++) {
            out.append(String.format("%4d: %s%n", i, describe(decode(program, i))));
        }
        return out.toString();
    }

    /** One instruction in bpftool's notation. */
    public static String describe(Insn in) {
        int code = in.code();
        String w = cls(code) == BPF_ALU || cls(code) == BPF_JMP32 ? "w" : "r";
        String dst = w + in.dst();
        String operand = src(code) == BPF_X ? w + in.src() : immediate(code, in.imm());
        return switch (cls(code)) {
            case BPF_LDX -> (code & 0xe0) == BPF_MEM
                    ? "r" + in.dst() + " = *(" + sizeName(code) + " *)(r" + in.src() + " " + signed(in.off()) + ")"
                    : unknown(in);
            case BPF_ALU, BPF_ALU64 -> switch (op(code)) {
                case BPF_MOV -> dst + " = " + operand;
                case BPF_NEG -> dst + " = -" + dst;
                default -> aluSymbol(op(code)) == null ? unknown(in) : dst + " " + aluSymbol(op(code)) + "= " + operand;
            };
            case BPF_JMP, BPF_JMP32 -> switch (op(code)) {
                case BPF_EXIT -> "exit";
                case BPF_CALL -> "call " + in.imm();
                case BPF_JA -> "goto pc" + signed(in.off()) + target(in);
                default -> {
                    String sym = jumpSymbol(op(code));
                    String right = src(code) == BPF_X ? operand : "0x" + Integer.toHexString(in.imm());
                    yield sym == null ? unknown(in)
                            : "if " + dst + " " + sym + " " + right + " goto pc" + signed(in.off()) + target(in);
                }
            };
            default -> unknown(in);
        };
    }

    /** Masks in hex; 32-bit operands unsigned, 64-bit ones signed (the kernel sign-extends them). */
    private static String immediate(int code, int imm) {
        int op = op(code);
        if (cls(code) == BPF_ALU || cls(code) == BPF_ALU64) {
            if (op == BPF_AND || op == BPF_OR || op == BPF_XOR) {
                return "0x" + Integer.toHexString(imm);
            }
            return cls(code) == BPF_ALU ? Integer.toUnsignedString(imm) : Integer.toString(imm);
        }
        return Integer.toString(imm);
    }

    private static String target(Insn in) {
        return "   // -> " + (in.index() + 1 + in.off());
    }

    private static String signed(int v) {
        return v < 0 ? Integer.toString(v) : "+" + v;
    }

    private static String sizeName(int code) {
        return switch (code & 0x18) {
            case BPF_W -> "u32";
            case BPF_H -> "u16";
            case BPF_B -> "u8";
            default -> "u64";
        };
    }

    private static String aluSymbol(int op) {
        return switch (op) {
            case BPF_ADD -> "+";
            case BPF_SUB -> "-";
            case BPF_MUL -> "*";
            case BPF_DIV -> "/";
            case BPF_OR -> "|";
            case BPF_AND -> "&";
            case BPF_LSH -> "<<";
            case BPF_RSH -> ">>";
            case BPF_MOD -> "%";
            case BPF_XOR -> "^";
            case BPF_ARSH -> "s>>";
            default -> null;
        };
    }

    private static String jumpSymbol(int op) {
        return switch (op) {
            case BPF_JEQ -> "==";
            case BPF_JNE -> "!=";
            case BPF_JGT -> ">";
            case BPF_JGE -> ">=";
            case BPF_JSET -> "&";
            default -> null;
        };
    }

    private static String unknown(Insn in) {
        return String.format("(%02x) dst=r%d src=r%d off=%d imm=%d", in.code(), in.dst(), in.src(), in.off(), in.imm());
    }
}
