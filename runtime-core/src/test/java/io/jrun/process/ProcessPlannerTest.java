package io.jrun.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.InvalidSpecException;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.spec.DefaultSpec;
import io.jrun.spec.LinuxCapabilities;
import io.jrun.spec.LinuxPersonality;
import io.jrun.spec.NamespaceType;
import io.jrun.spec.PosixRlimit;
import io.jrun.spec.Process;
import io.jrun.spec.Spec;
import io.jrun.spec.User;
import io.jrun.testing.SpecEdit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ProcessPlannerTest {
    static final List<String> ENV = List.of("PATH=/usr/bin:/bin", "TERM=xterm");
    static final List<String> ENV_WITH_HOME = List.of("PATH=/usr/bin:/bin", "HOME=/home/u");
    static final Set<NamespaceType> DEFAULT_NS = EnumSet.of(NamespaceType.PID, NamespaceType.NETWORK, NamespaceType.IPC,
            NamespaceType.UTS, NamespaceType.MOUNT, NamespaceType.CGROUP);
    static final long KILL = 1L << 5;
    static final long CHOWN = 1L;
    static final long NET_BIND_SERVICE = 1L << 10;
    static final long AUDIT_WRITE = 1L << 29;

    private final List<String> warnings = new ArrayList<>();
    private final ProcessPlanner.Context ctx = new ProcessPlanner.Context(40, warnings::add);

    /** A process with nothing optional: no limits, capabilities, umask, oom score or no_new_privs. */
    static Process bare() {
        return new Process(false, null, new User(1000, 100, null, List.of(5L, 6L), null), List.of("app", "--flag"), null,
                ENV, "/work", null, null, null, null, null, null, null, null, null);
    }

    /** Everything the process planner handles. */
    static Process full() {
        Process p = bare().withRlimits(List.of(new PosixRlimit("RLIMIT_NOFILE", 2048, 1024),
                        new PosixRlimit("RLIMIT_CORE", -1, 0)))
                .withCapabilities(new LinuxCapabilities(List.of("CAP_KILL", "CAP_CHOWN", "CAP_NET_BIND_SERVICE"),
                        List.of("CAP_KILL", "CAP_CHOWN"), List.of("CAP_KILL"), List.of("CAP_KILL", "CAP_CHOWN"),
                        List.of("CAP_KILL")))
                .withUser(new User(1000, 100, 027L, List.of(5L, 6L), null));
        return SpecEdit.process(p, n -> n.put("oomScoreAdj", -500).put("noNewPrivileges", true));
    }

    static List<StepOp> ops(List<Step> steps) {
        return steps.stream().map(Step::op).toList();
    }

    static Step only(List<Step> steps, StepOp op) {
        List<Step> of = steps.stream().filter(s -> s.op() == op).toList();
        assertEquals(1, of.size(), op + " in " + ops(steps));
        return of.getFirst();
    }

    // ---- process(): a process's own steps ----

    @Test
    void everyProcessStepInOrder() {
        List<Step> steps = ProcessPlanner.process(full(), ENV, ctx, true);
        assertEquals(List.of(StepOp.RLIMIT, StepOp.RLIMIT, StepOp.DEFAULT_HOME,
                StepOp.CAP_BOUNDING, StepOp.KEEP_CAPS, StepOp.SETGROUPS, StepOp.SETGID, StepOp.SETUID, StepOp.CAPS,
                StepOp.UMASK, StepOp.CHDIR, StepOp.FIND_EXEC, StepOp.NO_NEW_PRIVS, StepOp.WAIT_START, StepOp.EXEC,
                StepOp.ARGV, StepOp.ENVP), ops(steps));

        assertEquals(List.of("7", "1024", "2048"), steps.get(0).fields(), "RLIMIT_NOFILE: resource, soft, hard");
        assertEquals("set rlimit RLIMIT_NOFILE (soft 1024, hard 2048)", steps.get(0).description());
        Step oom = only(ProcessPlanner.beforeNamespaces(full()), StepOp.OOM_SCORE_ADJ);
        assertEquals(List.of("-500"), oom.fields());
        assertEquals("set oom_score_adj to -500", oom.description());
        assertEquals(List.of("1000"), steps.get(2).fields(), "DEFAULT_HOME looks up the uid");
        assertEquals(List.of(Long.toString(KILL | CHOWN | NET_BIND_SERVICE), "40"), steps.get(3).fields());
        assertEquals(List.of(), steps.get(4).fields());
        assertEquals(List.of("5", "6"), steps.get(5).fields());
        assertEquals(List.of("100"), steps.get(6).fields());
        assertEquals(List.of("1000"), steps.get(7).fields());
        assertEquals(List.of(Long.toString(KILL | CHOWN), Long.toString(KILL | CHOWN), Long.toString(KILL),
                Long.toString(KILL), "40"), steps.get(8).fields(), "effective, permitted, inheritable, ambient, lastCap");
        assertEquals(List.of("23"), steps.get(9).fields(), "umask 027 in decimal");
        assertEquals("set umask 27", steps.get(9).description());
        assertEquals(List.of("/work"), steps.get(10).fields());
        assertEquals(List.of("/usr/bin/app", "/bin/app"), steps.get(11).fields());
        assertEquals(List.of(), steps.get(12).fields());
        assertEquals(List.of("app", "--flag"), steps.get(15).fields());
        assertEquals(ENV, steps.get(16).fields());
        assertEquals(List.of(), warnings);
    }

    @Test
    void anInfiniteRlimitIsShownUnsignedAndSentAsTheShimReadsIt() {
        Step core = ProcessPlanner.process(full(), ENV, ctx, true).get(1);
        assertEquals("set rlimit RLIMIT_CORE (soft 0, hard 18446744073709551615)", core.description());
        // The shim reads the fields with strtoll and casts to rlim_t: the two's-complement "-1" is
        // RLIM_INFINITY there, where "18446744073709551615" would overflow strtoll.
        assertEquals(List.of("4", "0", "-1"), core.fields());
        assertEquals(-1L, Long.parseLong(core.fields().get(2)));
    }

    @Test
    void rlimitsKeepTheirOrderWithResourceNumbers() {
        Process p = bare().withRlimits(List.of(new PosixRlimit("RLIMIT_NPROC", 10, 5), new PosixRlimit("RLIMIT_CPU", 3, 2),
                new PosixRlimit("RLIMIT_RTTIME", 9, 8), new PosixRlimit("RLIMIT_AS", 1L << 40, 1L << 30)));
        List<Step> rl = ProcessPlanner.process(p, ENV, ctx, true).stream().filter(s -> s.op() == StepOp.RLIMIT).toList();
        assertEquals(List.of(List.of("6", "5", "10"), List.of("0", "2", "3"), List.of("15", "8", "9"),
                List.of("9", Long.toString(1L << 30), Long.toString(1L << 40))), rl.stream().map(Step::fields).toList());
    }

    @Test
    void anUnknownRlimitIsRefused() {
        Process p = bare().withRlimits(List.of(new PosixRlimit("RLIMIT_FOO", 1, 1)));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> ProcessPlanner.process(p, ENV, ctx, true));
        assertEquals("process.rlimits", e.field());
        assertEquals("process.rlimits: unknown rlimit type \"RLIMIT_FOO\"", e.getMessage());
    }

    @Test
    void aBareProcessHasOnlyTheIdsTheDirectoryAndTheExec() {
        assertEquals(List.of(StepOp.DEFAULT_HOME, StepOp.SETGROUPS, StepOp.SETGID, StepOp.SETUID, StepOp.CHDIR,
                StepOp.FIND_EXEC, StepOp.WAIT_START, StepOp.EXEC, StepOp.ARGV, StepOp.ENVP),
                ops(ProcessPlanner.process(bare(), ENV, ctx, true)));
    }

    @Test
    void defaultHomeOnlyWithoutHome() {
        assertFalse(ops(ProcessPlanner.process(full(), ENV_WITH_HOME, ctx, true)).contains(StepOp.DEFAULT_HOME));
        assertFalse(ops(ProcessPlanner.process(full(), List.of("HOME="), ctx, true)).contains(StepOp.DEFAULT_HOME),
                "an empty HOME is set");
        assertTrue(ops(ProcessPlanner.process(full(), List.of("HOMEDIR=/x"), ctx, true)).contains(StepOp.DEFAULT_HOME));
    }

    @Test
    void theEnvironmentGivenIsUsedNotTheProcesss() {
        List<String> env = List.of("PATH=/opt/bin", "X=1");
        List<Step> steps = ProcessPlanner.process(bare(), env, ctx, true);
        assertEquals(List.of("/opt/bin/app"), only(steps, StepOp.FIND_EXEC).fields());
        assertEquals(env, only(steps, StepOp.ENVP).fields());
    }

    @Test
    void withoutCapabilitiesTheSetsAreLeftAlone() {
        List<StepOp> ops = ops(ProcessPlanner.process(bare(), ENV, ctx, true));
        assertFalse(ops.contains(StepOp.CAP_BOUNDING));
        assertFalse(ops.contains(StepOp.KEEP_CAPS));
        assertFalse(ops.contains(StepOp.CAPS));
    }

    @Test
    void emptyCapabilitiesDropEverything() {
        Process p = bare().withCapabilities(new LinuxCapabilities(null, null, null, null, null));
        List<Step> steps = ProcessPlanner.process(p, ENV, ctx, true);
        assertEquals(List.of("0", "40"), only(steps, StepOp.CAP_BOUNDING).fields());
        assertEquals(List.of("0", "0", "0", "0", "40"), only(steps, StepOp.CAPS).fields());
    }

    @Test
    void ambientCapabilitiesThatAreNotInheritableAreSkippedAsRuncDoes() {
        // runc spec's own set: ambient caps, no inheritable ones; the kernel would refuse to raise them
        List<String> three = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
        Process p = bare().withCapabilities(new LinuxCapabilities(three, three, List.of("CAP_KILL"), three, three));
        String all = Long.toString(AUDIT_WRITE | KILL | NET_BIND_SERVICE);
        assertEquals(List.of(all, all, Long.toString(KILL), Long.toString(KILL), "40"),
                only(ProcessPlanner.process(p, ENV, ctx, true), StepOp.CAPS).fields());
    }

    @Test
    void theDefaultSpecsCapabilities() {
        List<Step> steps = ProcessPlanner.process(DefaultSpec.create().process(), ENV, ctx, true);
        String m = Long.toString(AUDIT_WRITE | KILL | NET_BIND_SERVICE);
        assertEquals(List.of(m, "40"), only(steps, StepOp.CAP_BOUNDING).fields());
        assertEquals(List.of(m, m, "0", "0", "40"), only(steps, StepOp.CAPS).fields());
        assertEquals(List.of("7", "1024", "1024"), only(steps, StepOp.RLIMIT).fields());
        assertTrue(ops(steps).contains(StepOp.NO_NEW_PRIVS));
    }

    @Test
    void capabilitiesTheKernelLacksAreSkippedWithAWarning() {
        Process p = bare().withCapabilities(new LinuxCapabilities(List.of("CAP_KILL", "CAP_BPF"), List.of("CAP_BPF"),
                null, List.of("CAP_PERFMON", "CAP_KILL"), null));
        List<String> seen = new ArrayList<>();
        List<Step> steps = ProcessPlanner.process(p, ENV, new ProcessPlanner.Context(37, seen::add), true);
        assertEquals(List.of(Long.toString(KILL), "37"), only(steps, StepOp.CAP_BOUNDING).fields());
        assertEquals(List.of("0", Long.toString(KILL), "0", "0", "37"), only(steps, StepOp.CAPS).fields());
        assertEquals(List.of("process.capabilities.bounding: CAP_BPF is not known to this kernel: skipped",
                "process.capabilities.effective: CAP_BPF is not known to this kernel: skipped",
                "process.capabilities.permitted: CAP_PERFMON is not known to this kernel: skipped"), seen);
    }

    @Test
    void anUnknownCapabilityIsRefusedNamingItsSet() {
        for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
            Process p = SpecEdit.process(bare(), n -> n.putObject("capabilities").putArray(set).add("CAP_KILL").add("CAP_X"));
            InvalidSpecException e = assertThrows(InvalidSpecException.class,
                    () -> ProcessPlanner.process(p, ENV, ctx, true), set);
            assertEquals("process.capabilities." + set, e.field());
            assertEquals("process.capabilities." + set + ": unknown capability \"CAP_X\"", e.getMessage());
        }
    }

    @Test
    void noNewPrivsOnlyWhenTrue() {
        assertFalse(ops(ProcessPlanner.process(bare(), ENV, ctx, true)).contains(StepOp.NO_NEW_PRIVS));
        Process off = SpecEdit.process(bare(), n -> n.put("noNewPrivileges", false));
        assertFalse(ops(ProcessPlanner.process(off, ENV, ctx, true)).contains(StepOp.NO_NEW_PRIVS));
        Process on = SpecEdit.process(bare(), n -> n.put("noNewPrivileges", true));
        List<StepOp> ops = ops(ProcessPlanner.process(on, ENV, ctx, true));
        assertEquals(ops.indexOf(StepOp.FIND_EXEC) + 1, ops.indexOf(StepOp.NO_NEW_PRIVS), "after the lookup");
        assertEquals(ops.indexOf(StepOp.NO_NEW_PRIVS) + 1, ops.indexOf(StepOp.WAIT_START));
    }

    @Test
    void umaskOnlyWhenGiven() {
        assertFalse(ops(ProcessPlanner.process(bare(), ENV, ctx, true)).contains(StepOp.UMASK));
        Process zero = bare().withUser(new User(0, 0, 0L, null, null));
        assertEquals(List.of("0"), only(ProcessPlanner.process(zero, ENV, ctx, true), StepOp.UMASK).fields());
    }

    @Test
    void oomScoreAdjOnlyWhenGiven() {
        // set by stage 1 through the host's /proc, inherited: never in the process's own steps
        assertEquals(List.of(), ProcessPlanner.beforeNamespaces(bare()));
        assertEquals(List.of(), ProcessPlanner.beforeNamespaces(null));
        Process zero = SpecEdit.process(bare(), n -> n.put("oomScoreAdj", 0));
        assertEquals(List.of("0"), only(ProcessPlanner.beforeNamespaces(zero), StepOp.OOM_SCORE_ADJ).fields());
        assertFalse(ops(ProcessPlanner.process(zero, ENV, ctx, true)).contains(StepOp.OOM_SCORE_ADJ));
    }

    @Test
    void anExecDoesNotWaitForStart() {
        List<StepOp> ops = ops(ProcessPlanner.process(full(), ENV, ctx, false));
        assertFalse(ops.contains(StepOp.WAIT_START));
        assertEquals(List.of(StepOp.FIND_EXEC, StepOp.NO_NEW_PRIVS, StepOp.EXEC, StepOp.ARGV, StepOp.ENVP),
                ops.subList(ops.indexOf(StepOp.FIND_EXEC), ops.size()));
    }

    @Test
    void setgroupsDescriptionStaysShortForManyGroups() {
        List<Long> gids = LongStream.range(0, 65536).boxed().toList();
        Process p = bare().withUser(new User(1, 1, null, gids, null));
        Step s = only(ProcessPlanner.process(p, ENV, ctx, true), StepOp.SETGROUPS);
        assertEquals(65536, s.fields().size());
        assertTrue(s.description().length() < 100, s.description());
        assertEquals("set 65536 additional groups [0, 1, 2, 3, 4, 5, 6, 7]...", s.description());

        Process over = bare().withUser(new User(1, 1, null, LongStream.range(0, 65537).boxed().toList(), null));
        Step o = only(ProcessPlanner.process(over, ENV, ctx, true), StepOp.SETGROUPS);
        assertEquals("set 65537 additional groups [0, 1, 2, 3, 4, 5, 6, 7]... (the kernel allows 65536)", o.description());
    }

    @Test
    void setgroupsDescriptionOfFewGroups() {
        assertEquals("set 2 additional groups [5, 6]", only(ProcessPlanner.process(bare(), ENV, ctx, true),
                StepOp.SETGROUPS).description());
        Process none = bare().withUser(User.of(0, 0));
        Step s = only(ProcessPlanner.process(none, ENV, ctx, true), StepOp.SETGROUPS);
        assertEquals("set 0 additional groups", s.description());
        assertEquals(List.of(), s.fields(), "clears the caller's groups");
    }

    // ---- plan(): a container's init ----

    private static Spec spec() {
        Spec s = DefaultSpec.create();
        return s.withProcess(bare());
    }

    @Test
    void initHasTheContainerWideStepsFirst() {
        Spec s = SpecEdit.edit(spec(), root -> {
            root.put("domainname", "example.org");
            root.withObject("/linux").putObject("sysctl").put("net.ipv4.ip_forward", "1").put("kernel.shmmni", "2048");
            root.withObject("/linux").putObject("personality").put("domain", "LINUX32");
        });
        List<Step> steps = ProcessPlanner.plan(s, ENV, DEFAULT_NS, ctx);
        List<StepOp> ops = ops(steps);
        assertEquals(List.of(StepOp.SETHOSTNAME, StepOp.SETDOMAINNAME, StepOp.PERSONALITY), ops.subList(0, 3));
        assertFalse(ops.contains(StepOp.SYSCTL), "sysctls are planned with the filesystem, see sysctls()");
        assertEquals(ops(ProcessPlanner.process(s.process(), ENV, ctx, true)), ops.subList(3, ops.size()),
                "then the process's own steps, waiting for start");
        assertEquals(List.of("jrun"), steps.get(0).fields());
        assertEquals(List.of("example.org"), steps.get(1).fields());
        assertEquals("set domainname \"example.org\"", steps.get(1).description());
        assertEquals(List.of("8"), steps.get(2).fields());
        assertEquals("set personality LINUX32", steps.get(2).description());

        List<Step> sysctls = ProcessPlanner.sysctls(s, DEFAULT_NS);
        assertEquals(List.of(StepOp.SYSCTL, StepOp.SYSCTL), ops(sysctls));
        assertEquals(List.of("/proc/sys/net/ipv4/ip_forward", "1"), sysctls.get(0).fields());
        assertEquals("set sysctl net.ipv4.ip_forward to \"1\"", sysctls.get(0).description());
        assertEquals(List.of("/proc/sys/kernel/shmmni", "2048"), sysctls.get(1).fields());
    }

    @Test
    void namesOnlyWithANewUtsNamespace() {
        Spec s = SpecEdit.edit(spec(), root -> root.put("domainname", "example.org"));
        Set<NamespaceType> noUts = EnumSet.of(NamespaceType.MOUNT, NamespaceType.PID);
        List<StepOp> ops = ops(ProcessPlanner.plan(s, ENV, noUts, ctx));
        assertFalse(ops.contains(StepOp.SETHOSTNAME));
        assertFalse(ops.contains(StepOp.SETDOMAINNAME));
        Spec empty = SpecEdit.edit(spec(), root -> root.put("hostname", "").put("domainname", ""));
        ops = ops(ProcessPlanner.plan(empty, ENV, DEFAULT_NS, ctx));
        assertFalse(ops.contains(StepOp.SETHOSTNAME));
        assertFalse(ops.contains(StepOp.SETDOMAINNAME));
    }

    @Test
    void aSysctlNeedsItsNamespaceToBeNew() {
        Spec net = SpecEdit.linux(spec(), l -> l.putObject("sysctl").put("net.ipv4.ip_forward", "1"));
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> ProcessPlanner.sysctls(net, EnumSet.of(NamespaceType.MOUNT, NamespaceType.IPC)));
        assertEquals("linux.sysctl", e.field());
        assertEquals("linux.sysctl: \"net.ipv4.ip_forward\" needs a new network namespace: without one it would "
                + "change the host", e.getMessage());

        Spec ipc = SpecEdit.linux(spec(), l -> l.putObject("sysctl").put("fs.mqueue.msg_max", "20"));
        InvalidSpecException i = assertThrows(InvalidSpecException.class,
                () -> ProcessPlanner.sysctls(ipc, EnumSet.of(NamespaceType.MOUNT, NamespaceType.NETWORK)));
        assertTrue(i.getMessage().contains("needs a new ipc namespace"), i.getMessage());
        assertEquals(List.of("/proc/sys/fs/mqueue/msg_max", "20"),
                only(ProcessPlanner.sysctls(ipc, EnumSet.of(NamespaceType.MOUNT, NamespaceType.IPC)),
                        StepOp.SYSCTL).fields());

        Spec uts = SpecEdit.linux(spec(), l -> l.putObject("sysctl").put("kernel.domainname", "x"));
        assertThrows(InvalidSpecException.class, () -> ProcessPlanner.sysctls(uts, EnumSet.of(NamespaceType.MOUNT)));
        assertEquals(List.of("/proc/sys/kernel/domainname", "x"),
                only(ProcessPlanner.sysctls(uts, DEFAULT_NS), StepOp.SYSCTL).fields());
    }

    @Test
    void aSysctlOfTheHostIsRefused() {
        Spec s = SpecEdit.linux(spec(), l -> l.putObject("sysctl").put("vm.swappiness", "10"));
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> ProcessPlanner.sysctls(s, DEFAULT_NS));
        assertEquals("linux.sysctl: \"vm.swappiness\" is not namespaced: setting it would change the host", e.getMessage());
        Spec escape = SpecEdit.linux(spec(), l -> l.putObject("sysctl").put("net/../../../etc/passwd", "x"));
        assertThrows(InvalidSpecException.class, () -> ProcessPlanner.sysctls(escape, DEFAULT_NS));
        Spec dots = SpecEdit.linux(spec(), l -> l.putObject("sysctl").put("net.ipv4..x", "x"));
        InvalidSpecException d = assertThrows(InvalidSpecException.class, () -> ProcessPlanner.sysctls(dots, DEFAULT_NS));
        assertEquals("linux.sysctl: invalid key \"net.ipv4..x\"", d.getMessage());
    }

    @Test
    void personalityDomains() {
        assertEquals(List.of(Step.of(StepOp.PERSONALITY, "set personality LINUX", 0L)),
                ProcessPlanner.personality(new LinuxPersonality("LINUX", null)));
        assertEquals(List.of("8"), ProcessPlanner.personality(new LinuxPersonality("LINUX32", List.of())).getFirst().fields());
        assertEquals(List.of(), ProcessPlanner.personality(null));
    }

    @Test
    void anUnknownPersonalityIsRefused() {
        for (String domain : List.of("LINUX64", "linux", "")) {
            InvalidSpecException e = assertThrows(InvalidSpecException.class,
                    () -> ProcessPlanner.personality(new LinuxPersonality(domain, null)), domain);
            assertEquals("linux.personality.domain", e.field());
            assertEquals("linux.personality.domain: unknown domain \"" + domain + "\" (LINUX or LINUX32)", e.getMessage());
        }
        InvalidSpecException none = assertThrows(InvalidSpecException.class,
                () -> ProcessPlanner.personality(new LinuxPersonality(null, null)));
        assertEquals("linux.personality.domain", none.field());
        InvalidSpecException flags = assertThrows(InvalidSpecException.class,
                () -> ProcessPlanner.personality(new LinuxPersonality("LINUX", List.of("ADDR_NO_RANDOMIZE"))));
        assertEquals("linux.personality.flags", flags.field());
    }

    @Test
    void personalityInThePlanComesFromTheSpec() {
        Spec bad = SpecEdit.linux(spec(), l -> l.putObject("personality").put("domain", "PER_BSD"));
        assertThrows(InvalidSpecException.class, () -> ProcessPlanner.plan(bad, ENV, DEFAULT_NS, ctx));
        assertFalse(ops(ProcessPlanner.plan(spec(), ENV, DEFAULT_NS, ctx)).contains(StepOp.PERSONALITY));
    }

    @Test
    void aSpecWithoutLinuxHasNoSysctlOrPersonality() {
        List<StepOp> ops = ops(ProcessPlanner.plan(spec().withLinux(null), ENV, DEFAULT_NS, ctx));
        assertEquals(List.of(), ProcessPlanner.sysctls(spec().withLinux(null), DEFAULT_NS));
        assertFalse(ops.contains(StepOp.PERSONALITY));
        assertEquals(StepOp.SETHOSTNAME, ops.getFirst());
    }

    @Test
    void seccompGoesInLastWithNoNewPrivilegesAndBeforeTheCapabilitiesWithout() {
        io.jrun.seccomp.SeccompFilter filter = new io.jrun.seccomp.SeccompFilter(new byte[16], 2, null, null);
        ProcessPlanner.Context withFilter = new ProcessPlanner.Context(40, warnings::add, false, filter);
        Process nnp = spec().process().withNoNewPrivileges(true)
                .withCapabilities(new io.jrun.spec.LinuxCapabilities(List.of("CAP_KILL"), List.of(), List.of(), List.of(), List.of()));
        List<Step> steps = ProcessPlanner.process(nnp, ENV, withFilter, true);
        List<StepOp> ops = ops(steps);
        assertEquals(List.of(StepOp.NO_NEW_PRIVS, StepOp.SECCOMP, StepOp.WAIT_START, StepOp.EXEC),
                ops.subList(ops.indexOf(StepOp.NO_NEW_PRIVS), ops.indexOf(StepOp.EXEC) + 1));
        Step seccomp = only(steps, StepOp.SECCOMP);
        assertEquals(List.of("00000000000000000000000000000000", "2", "0"), seccomp.fields());
        assertEquals("load the seccomp filter (2 instructions)", seccomp.description());

        List<StepOp> without = ops(ProcessPlanner.process(nnp.withNoNewPrivileges(false), ENV, withFilter, true));
        assertEquals(without.indexOf(StepOp.CAP_BOUNDING) - 1, without.indexOf(StepOp.SECCOMP),
                "loading a filter without no_new_privs needs CAP_SYS_ADMIN");
        assertTrue(without.indexOf(StepOp.SECCOMP) < without.indexOf(StepOp.SETUID));
        assertFalse(ops(ProcessPlanner.process(nnp, ENV, ctx, true)).contains(StepOp.SECCOMP));
    }
}
