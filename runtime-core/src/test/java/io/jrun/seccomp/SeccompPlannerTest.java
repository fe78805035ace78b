package io.jrun.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrun.error.InvalidSpecException;
import io.jrun.spec.DefaultSpec;
import io.jrun.spec.LinuxSeccomp;
import io.jrun.testing.SpecEdit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeccompPlannerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static LinuxSeccomp seccomp(String json) {
        try {
            var node = JSON.readTree(json);
            return SpecEdit.linux(DefaultSpec.create(), l -> l.set("seccomp", node)).linux().seccomp();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static SeccompProgram plan(String json) {
        return SeccompPlanner.plan(seccomp(json));
    }

    @Test
    void actionsAndTheirData() {
        SeccompProgram p = plan("""
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "syscalls": [
                  {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
                  {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
                  {"names": ["ptrace"], "action": "SCMP_ACT_TRACE"},
                  {"names": ["reboot"], "action": "SCMP_ACT_KILL_PROCESS"},
                  {"names": ["kexec_load"], "action": "SCMP_ACT_KILL"},
                  {"names": ["swapon"], "action": "SCMP_ACT_KILL_THREAD"},
                  {"names": ["acct"], "action": "SCMP_ACT_TRAP"},
                  {"names": ["chroot"], "action": "SCMP_ACT_LOG"}]}""");
        assertEquals(0x00050000 | 38, p.defaultAction());
        assertEquals(List.of(
                new SeccompProgram.Rule("read", 0x7fff0000, List.of()),
                new SeccompProgram.Rule("write", 0x7fff0000, List.of()),
                new SeccompProgram.Rule("mkdir", 0x00050000 | 13, List.of()),
                new SeccompProgram.Rule("ptrace", 0x7ff00000 | 1, List.of()),
                new SeccompProgram.Rule("reboot", 0x80000000, List.of()),
                new SeccompProgram.Rule("kexec_load", 0, List.of()),
                new SeccompProgram.Rule("swapon", 0, List.of()),
                new SeccompProgram.Rule("acct", 0x00030000, List.of()),
                new SeccompProgram.Rule("chroot", 0x7ffc0000, List.of())), p.rules());
        assertEquals(0, p.flags());
        assertFalse(p.hasListener());
    }

    @Test
    void errnoDefaultsToEperm() {
        assertEquals(0x00050001, plan("{\"defaultAction\": \"SCMP_ACT_ERRNO\"}").defaultAction());
    }

    @Test
    void aRuleWithTheDefaultActionIsLeftOut() {
        // libseccomp refuses such a rule; runc leaves it out
        SeccompProgram p = plan("""
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                  {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO"},
                  {"names": ["rmdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 2}]}""");
        assertEquals(List.of(new SeccompProgram.Rule("rmdir", 0x00050002, List.of())), p.rules());
    }

    @Test
    void architecturesAreLibseccompsNames() {
        assertEquals(List.of("x86_64", "x86", "x32", "aarch64", "ppc64le", "mipsel64n32"), plan("""
                {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86",
                 "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_MIPSEL64N32"]}""")
                .architectures());
    }

    @Test
    void argumentsAreAndedUnlessOneIndexIsComparedTwice() {
        SeccompProgram and = plan("""
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["clone", "clone3"], "action": "SCMP_ACT_ERRNO",
                  "args": [{"index": 0, "value": 2114060288, "op": "SCMP_CMP_MASKED_EQ", "valueTwo": 0},
                           {"index": 2, "value": 18446744073709551615, "op": "SCMP_CMP_NE"}]}]}""");
        List<SeccompProgram.Condition> both = List.of(new SeccompProgram.Condition(0, 7, 2114060288L, 0),
                new SeccompProgram.Condition(2, 1, -1L, 0));
        assertEquals(List.of(new SeccompProgram.Rule("clone", 0x00050001, both),
                new SeccompProgram.Rule("clone3", 0x00050001, both)), and.rules());

        SeccompProgram or = plan("""
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                  "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}, {"index": 0, "value": 8, "op": "SCMP_CMP_EQ"},
                           {"index": 1, "value": 5, "valueTwo": 7, "op": "SCMP_CMP_GE"}]}]}""");
        assertEquals(List.of(
                new SeccompProgram.Rule("personality", 0x7fff0000, List.of(new SeccompProgram.Condition(0, 4, 0, 0))),
                new SeccompProgram.Rule("personality", 0x7fff0000, List.of(new SeccompProgram.Condition(0, 4, 8, 0))),
                new SeccompProgram.Rule("personality", 0x7fff0000, List.of(new SeccompProgram.Condition(1, 5, 5, 7)))),
                or.rules());
    }

    @Test
    void flagsAndTheListener() {
        SeccompProgram p = plan("""
                {"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
                 "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]}""");
        assertEquals(1 | 2 | 4 | 32, p.flags());
        SeccompProgram n = plan("""
                {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/agent.sock", "flags": ["SECCOMP_FILTER_FLAG_TSYNC"],
                 "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}""");
        assertTrue(n.hasListener());
        assertEquals(8, n.flags(), "NEW_LISTENER, and TSYNC dropped: it would need TSYNC_ESRCH");
        assertEquals(0x7fc00000, n.rules().getFirst().action());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"defaultAction": ""}                                                        | linux.seccomp.defaultAction: required
            {"defaultAction": "SCMP_ACT_MAYBE"}                                          | linux.seccomp.defaultAction: unknown action "SCMP_ACT_MAYBE"
            {"defaultAction": "SCMP_ACT_NOTIFY", "listenerPath": "/a"}                   | linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action
            {"defaultAction": "SCMP_ACT_ALLOW", "defaultErrnoRet": 1}                     | linux.seccomp.defaultErrnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE return an errno, not SCMP_ACT_ALLOW
            {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 65536}                 | linux.seccomp.defaultErrnoRet: must be between 0 and 65535
            {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["x86_64"]}              | linux.seccomp.architectures[0]: unknown architecture "x86_64"
            {"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_FAST"]}    | linux.seccomp.flags[0]: unknown flag "SECCOMP_FILTER_FLAG_FAST" (SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW, SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)
            {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": [], "action": "SCMP_ACT_KILL"}]}   | linux.seccomp.syscalls[0].names: required
            {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": [""], "action": "SCMP_ACT_KILL"}]} | linux.seccomp.syscalls[0].names[0]: empty syscall name
            {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["a"]}]}                            | linux.seccomp.syscalls[0].action: required
            {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_KILL", "errnoRet": 1}]} | linux.seccomp.syscalls[0].errnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE return an errno, not SCMP_ACT_KILL
            {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_KILL", "args": [{"index": 6, "value": 0, "op": "SCMP_CMP_EQ"}]}]} | linux.seccomp.syscalls[0].args[0].index: must be between 0 and 5
            {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_KILL", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_LIKE"}]}]} | linux.seccomp.syscalls[0].args[0].op: unknown operator "SCMP_CMP_LIKE"
            {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_NOTIFY"}]}                     | linux.seccomp.listenerPath: required with SCMP_ACT_NOTIFY
            {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "agent.sock", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_NOTIFY"}]} | linux.seccomp.listenerPath: must be an absolute path
            {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/a", "syscalls": [{"names": ["write"], "action": "SCMP_ACT_NOTIFY"}]}     | linux.seccomp.syscalls[0]: SCMP_ACT_NOTIFY cannot be used for the write syscall
            """)
    void badProfilesNameTheField(String json, String message) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> plan(json));
        assertEquals(message, e.getMessage());
    }
}
