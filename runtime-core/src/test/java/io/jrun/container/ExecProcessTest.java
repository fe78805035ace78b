package io.jrun.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.InvalidSpecException;
import io.jrun.spec.DefaultSpec;
import io.jrun.spec.LinuxCapabilities;
import io.jrun.spec.PosixRlimit;
import io.jrun.spec.Process;
import io.jrun.spec.User;
import io.jrun.testing.SpecEdit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The process of an exec without --process: the container's own, with the flags over it. */
class ExecProcessTest {
    static final List<String> CMD = List.of("ls", "-la");

    /** runc spec's process, as user 1000:100 with groups, umask, an oom score, without no_new_privs. */
    static Process base() {
        Process p = DefaultSpec.create().process().withTerminal(false)
                .withUser(new User(1000, 100, 022L, List.of(5L, 6L), "alice"))
                .withEnv(List.of("PATH=/usr/bin:/bin", "TERM=xterm", "LANG=C"))
                .withCwd("/home/alice")
                .withArgs(List.of("sleep", "1000"));
        return SpecEdit.process(p, n -> n.put("noNewPrivileges", false).put("oomScoreAdj", 300)
                .put("apparmorProfile", "prof").put("selinuxLabel", "label"));
    }

    /** No flag but the command. */
    static ExecProcess.Flags flags(List<String> args) {
        return new ExecProcess.Flags(args, null, List.of(), null, null, List.of(), List.of(), false, false);
    }

    static ExecProcess.Flags withEnv(List<String> env) {
        return new ExecProcess.Flags(CMD, null, env, null, null, List.of(), List.of(), false, false);
    }

    static ExecProcess.Flags withUser(Long uid, Long gid, List<Long> gids) {
        return new ExecProcess.Flags(CMD, null, List.of(), uid, gid, gids, List.of(), false, false);
    }

    static ExecProcess.Flags withCaps(List<String> caps) {
        return new ExecProcess.Flags(CMD, null, List.of(), null, null, List.of(), caps, false, false);
    }

    @Test
    void withOnlyACommandTheProcessIsTheContainers() {
        Process b = base();
        Process p = ExecProcess.of(b, flags(CMD));
        assertEquals(CMD, p.args());
        assertNull(p.commandLine());
        assertEquals(b.env(), p.env());
        assertEquals(b.user(), p.user());
        assertEquals("/home/alice", p.cwd());
        assertEquals(b.capabilities(), p.capabilities());
        assertEquals(b.rlimits(), p.rlimits());
        assertEquals(Boolean.FALSE, p.noNewPrivileges());
        assertEquals(Boolean.FALSE, p.terminal());
        assertEquals(300, p.oomScoreAdj());
        assertEquals("prof", p.apparmorProfile());
        assertEquals("label", p.selinuxLabel());
    }

    @Test
    void aCommandIsRequired() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> ExecProcess.of(base(), flags(List.of())));
        assertEquals("exec", e.field());
        assertEquals("exec: a command is needed (jrun exec ID COMMAND..., or --process FILE)", e.getMessage());
        assertThrows(InvalidSpecException.class, () -> ExecProcess.of(base(), flags(null)));
    }

    @Test
    void envIsAddedOrReplacedByName() {
        Process p = ExecProcess.of(base(), withEnv(List.of("TERM=dumb", "NEW=1", "EMPTY=", "PATH=/opt/bin")));
        assertEquals(List.of("PATH=/opt/bin", "TERM=dumb", "LANG=C", "NEW=1", "EMPTY="), p.env(),
                "a replaced variable keeps its place, a new one comes last");
    }

    @Test
    void theLastOfARepeatedVariableWins() {
        Process p = ExecProcess.of(base(), withEnv(List.of("X=1", "X=2", "LANG=a=b")));
        assertEquals(List.of("PATH=/usr/bin:/bin", "TERM=xterm", "LANG=a=b", "X=2"), p.env());
    }

    @Test
    void envWithoutANameOrEqualsIsRefused() {
        for (String bad : List.of("FOO", "=bar", "")) {
            InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> ExecProcess.of(base(), withEnv(List.of(bad))),
                    bad);
            assertEquals("--env", e.field());
            assertEquals("--env: \"" + bad + "\" is not of the form NAME=value", e.getMessage());
        }
    }

    @Test
    void userSetsUidAndGid() {
        Process p = ExecProcess.of(base(), withUser(2000L, 300L, List.of()));
        assertEquals(2000, p.user().uid());
        assertEquals(300, p.user().gid());
        assertEquals(List.of(5L, 6L), p.user().additionalGids(), "groups stay the container's without -g");
        assertEquals(022L, p.user().umask());
    }

    @Test
    void aUidAloneMeansGidZero() {
        Process p = ExecProcess.of(base(), withUser(2000L, null, List.of()));
        assertEquals(2000, p.user().uid());
        assertEquals(0, p.user().gid());
    }

    @Test
    void withoutUserTheContainersIdsStay() {
        Process p = ExecProcess.of(base(), withUser(null, null, List.of()));
        assertEquals(1000, p.user().uid());
        assertEquals(100, p.user().gid());
    }

    @Test
    void additionalGidsReplaceTheContainers() {
        Process p = ExecProcess.of(base(), withUser(null, null, List.of(7L, 8L, 9L)));
        assertEquals(List.of(7L, 8L, 9L), p.user().additionalGids());
        assertEquals(1000, p.user().uid());
    }

    @Test
    void addedCapsGoToBoundingEffectiveAndPermitted() {
        Process p = ExecProcess.of(base(), withCaps(List.of("NET_ADMIN", "CAP_SYS_PTRACE")));
        LinuxCapabilities c = p.capabilities();
        List<String> expected = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_NET_ADMIN",
                "CAP_SYS_PTRACE");
        assertEquals(expected, c.bounding());
        assertEquals(expected, c.effective());
        assertEquals(expected, c.permitted());
        assertEquals(List.of(), c.inheritable());
        assertEquals(List.of(), c.ambient());
    }

    @Test
    void addedCapsAreNotRepeated() {
        Process p = ExecProcess.of(base(), withCaps(List.of("KILL", "CAP_KILL", "CAP_CHOWN", "CHOWN")));
        assertEquals(List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_CHOWN"),
                p.capabilities().bounding());
    }

    @Test
    void addedCapsWithoutContainerCapabilities() {
        Process b = base().withCapabilities(null);
        assertNull(ExecProcess.of(b, withCaps(List.of())).capabilities(), "no sets: left alone");
        LinuxCapabilities c = ExecProcess.of(b, withCaps(List.of("SYS_ADMIN"))).capabilities();
        assertEquals(List.of("CAP_SYS_ADMIN"), c.bounding());
        assertEquals(List.of("CAP_SYS_ADMIN"), c.effective());
        assertEquals(List.of("CAP_SYS_ADMIN"), c.permitted());
        assertEquals(List.of(), c.inheritable());
    }

    @Test
    void noNewPrivsIsOredWithTheContainers() {
        ExecProcess.Flags on = new ExecProcess.Flags(CMD, null, List.of(), null, null, List.of(), List.of(), true, false);
        assertEquals(Boolean.TRUE, ExecProcess.of(base(), on).noNewPrivileges());
        Process nnp = SpecEdit.process(base(), n -> n.put("noNewPrivileges", true));
        assertEquals(Boolean.TRUE, ExecProcess.of(nnp, flags(CMD)).noNewPrivileges(), "the flag cannot turn it off");
        Process unset = SpecEdit.process(base(), n -> n.remove("noNewPrivileges"));
        assertEquals(Boolean.FALSE, ExecProcess.of(unset, flags(CMD)).noNewPrivileges());
    }

    @Test
    void cwdFromTheFlagMustBeAbsolute() {
        ExecProcess.Flags tmp = new ExecProcess.Flags(CMD, "/tmp", List.of(), null, null, List.of(), List.of(), false, false);
        assertEquals("/tmp", ExecProcess.of(base(), tmp).cwd());
        ExecProcess.Flags rel = new ExecProcess.Flags(CMD, "tmp", List.of(), null, null, List.of(), List.of(), false, false);
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> ExecProcess.of(base(), rel));
        assertEquals("--cwd", e.field());
        assertEquals("--cwd: must be an absolute path", e.getMessage());
        ExecProcess.Flags empty = new ExecProcess.Flags(CMD, "", List.of(), null, null, List.of(), List.of(), false, false);
        assertThrows(InvalidSpecException.class, () -> ExecProcess.of(base(), empty));
    }

    @Test
    void terminalFromTheFlagOrTheContainer() {
        ExecProcess.Flags t = new ExecProcess.Flags(CMD, null, List.of(), null, null, List.of(), List.of(), false, true);
        assertEquals(Boolean.TRUE, ExecProcess.of(base(), t).terminal());
        assertEquals(Boolean.TRUE, ExecProcess.of(base().withTerminal(true), flags(CMD)).terminal());
        assertEquals(Boolean.FALSE, ExecProcess.of(base().withTerminal(null), flags(CMD)).terminal());
    }

    @Test
    void rlimitsAndOtherSettingsAreKept() {
        Process b = base().withRlimits(List.of(new PosixRlimit("RLIMIT_NPROC", 50, 40)));
        Process p = ExecProcess.of(b, flags(CMD));
        assertEquals(b.rlimits(), p.rlimits());
        assertSame(b.consoleSize(), p.consoleSize());
        assertEquals(b.scheduler(), p.scheduler());
        assertEquals(b.ioPriority(), p.ioPriority());
    }

    @Test
    void theBaseIsNotChanged() {
        Process b = base();
        Process before = b;
        ExecProcess.of(b, new ExecProcess.Flags(CMD, "/x", List.of("A=1"), 1L, 1L, List.of(1L), List.of("CAP_CHOWN"), true,
                true));
        assertEquals(before, b);
        assertFalse(b.capabilities().bounding().contains("CAP_CHOWN"));
        assertTrue(b.env().stream().noneMatch(e -> e.startsWith("A=")));
    }

    /** Flags documents null as "as the container's process" for every flag. */
    @Test
    void nullListsInTheFlagsMeanTheContainers() {
        Process b = base();
        Process p = ExecProcess.of(b, new ExecProcess.Flags(CMD, null, null, null, null, null, null, false, false));
        assertEquals(b.env(), p.env());
        assertEquals(b.user(), p.user());
        assertEquals(b.capabilities(), p.capabilities());
    }
}
