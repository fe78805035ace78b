package io.jrun.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.SeccompException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host's libseccomp, for real (it needs no privilege to compile). */
class LibseccompTest {
    private static final int BPF_RET_K = 0x06;

    /** The k of every "return constant" instruction: the actions the program can end in. */
    static List<Integer> returns(byte[] bpf) {
        ByteBuffer b = ByteBuffer.wrap(bpf).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < bpf.length; i += 8) {
            if ((b.getShort(i) & 0xffff) == BPF_RET_K) {
                out.add(b.getInt(i + 4));
            }
        }
        return out;
    }

    @Test
    void compilesAProfileToItsActions() {
        Libseccomp.Compiled c = Libseccomp.load().compile(SeccompPlannerTest.plan("""
                {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
                 "syscalls": [{"names": ["mkdir", "no_such_syscall"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
                              {"names": ["kill"], "action": "SCMP_ACT_KILL_PROCESS",
                               "args": [{"index": 1, "value": 9, "op": "SCMP_CMP_EQ"}]}]}"""));
        assertEquals(0, c.bpf().length % 8);
        assertTrue(c.bpf().length > 8);
        List<Integer> rets = returns(c.bpf());
        assertTrue(rets.contains(0x0005000d), "ERRNO(EACCES) in " + rets);
        assertTrue(rets.contains(0x80000000), "KILL_PROCESS in " + rets);
        assertTrue(rets.contains(0x7fff0000), "ALLOW in " + rets);
        assertEquals(List.of("no_such_syscall"), c.unknownSyscalls());
    }

    @Test
    void aFilterCarriesItsProgramInHex() {
        SeccompFilter f = SeccompFilter.of(SeccompPlannerTest.seccomp("""
                {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/a.sock", "listenerMetadata": "m",
                 "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}"""), m -> { });
        assertTrue(f.hasListener());
        assertEquals("/run/a.sock", f.listenerPath());
        assertEquals("m", f.listenerMetadata());
        List<Object> fields = f.fields();
        assertEquals(List.of(HexFormat.of().formatHex(f.bpf()), 8L, 1), fields);
        assertEquals(f.bpf().length / 8, f.instructions());
        assertTrue(returns(f.bpf()).contains(0x7fc00000), "NOTIFY");

        SeccompFilter plain = SeccompFilter.of(SeccompPlannerTest.seccomp("{\"defaultAction\": \"SCMP_ACT_LOG\"}"), m -> { });
        assertFalse(plain.hasListener());
        assertEquals(0, plain.fields().get(2));
    }

    @Test
    void unknownSyscallsGoToDebug() {
        List<String> debug = new ArrayList<>();
        SeccompFilter.of(SeccompPlannerTest.seccomp("""
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["frobnicate"], "action": "SCMP_ACT_KILL"}]}"""),
                debug::add);
        assertEquals(List.of("seccomp: syscalls unknown to libseccomp, left out: frobnicate"), debug);
    }

    @Test
    void anArchitectureThisLibseccompLacksIsAClearError() {
        SeccompException e = assertThrows(SeccompException.class, () -> Libseccomp.load().compile(
                SeccompPlannerTest.plan("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_Z80\"]}")));
        assertEquals("seccomp: architecture \"z80\" is not known to this libseccomp", e.getMessage());
    }
}
