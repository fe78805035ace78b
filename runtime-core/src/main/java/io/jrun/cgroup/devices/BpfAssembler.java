package io.jrun.cgroup.devices;

import static io.jrun.cgroup.devices.Bpf.BPF_ALU;
import static io.jrun.cgroup.devices.Bpf.BPF_ALU64;
import static io.jrun.cgroup.devices.Bpf.BPF_EXIT;
import static io.jrun.cgroup.devices.Bpf.BPF_JMP;
import static io.jrun.cgroup.devices.Bpf.BPF_K;
import static io.jrun.cgroup.devices.Bpf.BPF_LDX;
import static io.jrun.cgroup.devices.Bpf.BPF_MEM;
import static io.jrun.cgroup.devices.Bpf.BPF_MOV;
import static io.jrun.cgroup.devices.Bpf.BPF_W;
import static io.jrun.cgroup.devices.Bpf.BPF_X;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a BPF program one instruction at a time. Jumps go to {@link Label}s, which may be bound
 * later (forward jumps); {@link #assemble()} resolves them into pc-relative offsets.
 */
final class BpfAssembler {
    /** A jump target; bound to the position of the next instruction emitted. */
    static final class Label {
        private int position = -1;
    }

    private record Pending(int code, int dst, int src, int off, int imm, Label target) {}

    private final List<Pending> insns = new ArrayList<>();

    int size() {
        return insns.size();
    }

    /** dst = *(u32 *)(src + off) */
    BpfAssembler loadWord(int dst, int src, int off) {
        return add(BPF_LDX | BPF_MEM | BPF_W, dst, src, off, 0, null);
    }

    /** 32-bit ALU with an immediate: {@code op} is Bpf.BPF_AND, BPF_RSH, ...; the upper half of dst is zeroed. */
    BpfAssembler alu32(int op, int dst, int imm) {
        return add(BPF_ALU | op | BPF_K, dst, 0, 0, imm, null);
    }

    /** w dst = w src (upper half zeroed). */
    BpfAssembler mov32Reg(int dst, int src) {
        return add(BPF_ALU | BPF_MOV | BPF_X, dst, src, 0, 0, null);
    }

    /** dst = imm (sign-extended to 64 bits): BPF_MOV64_IMM. */
    BpfAssembler mov64(int dst, int imm) {
        return add(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm, null);
    }

    /** if (dst op imm) goto target, a 64-bit comparison with imm sign-extended: {@code op} is Bpf.BPF_JNE, BPF_JEQ, ... */
    BpfAssembler jump(int op, int dst, int imm, Label target) {
        return add(BPF_JMP | op | BPF_K, dst, 0, 0, imm, target);
    }

    /** if (dst op src) goto target, a 64-bit comparison. */
    BpfAssembler jumpReg(int op, int dst, int src, Label target) {
        return add(BPF_JMP | op | BPF_X, dst, src, 0, 0, target);
    }

    BpfAssembler exit() {
        return add(BPF_JMP | BPF_EXIT, 0, 0, 0, 0, null);
    }

    /** r0 = value; exit */
    BpfAssembler ret(int value) {
        return mov64(Bpf.R0, value).exit();
    }

    BpfAssembler bind(Label label) {
        if (label.position >= 0) {
            throw new IllegalStateException("label bound twice");
        }
        label.position = insns.size();
        return this;
    }

    byte[] assemble() {
        ByteBuffer out = ByteBuffer.allocate(insns.size() * Bpf.INSN_SIZE);
        for (int pc = 0; pc < insns.size(); pc++) {
            Pending p = insns.get(pc);
            int off = p.off;
            if (p.target != null) {
                if (p.target.position < 0) {
                    throw new IllegalStateException("jump at " + pc + " to a label never bound");
                }
                off = p.target.position - (pc + 1);
                if (off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
                    throw new IllegalStateException("jump at " + pc + " is too far: " + off);
                }
            }
            Bpf.encode(out, p.code, p.dst, p.src, off, p.imm);
        }
        return out.array();
    }

    private BpfAssembler add(int code, int dst, int src, int off, int imm, Label target) {
        insns.add(new Pending(code, dst, src, off, imm, target));
        return this;
    }
}
