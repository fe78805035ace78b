package io.jrun.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.cgroup.CgroupLayout;
import io.jrun.cgroup.CgroupManager;
import io.jrun.cgroup.CgroupManagers;
import io.jrun.cgroup.Hierarchy;
import io.jrun.mount.HostMounts;
import io.jrun.plan.Plan;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.spec.DefaultSpec;
import io.jrun.spec.LinuxNamespace;
import io.jrun.spec.Spec;
import io.jrun.spec.User;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerPlannerTest {
    static final Path BUNDLE = Path.of("/b");
    static final Path ROOTFS = Path.of("/b/rootfs");
    static final Path FIFO = Path.of("/run/jrun/c1/exec.fifo");
    static final HostMounts HOST = HostMounts.parse("24 1 253:0 / / rw shared:1 - ext4 /dev/root rw\n");
    static final CgroupLayout UNIFIED = CgroupLayout.parse(
            "26 25 0:23 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n", "0::/u\n");
    static final CgroupLayout HYBRID = CgroupLayout.parse("""
            32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu
            41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw
            """, "1:cpu:/\n0::/\n");
    static final List<String> ENV = List.of("PATH=/usr/bin:/bin", "TERM=xterm", "HOME=/root");

    static Spec spec() {
        Spec s = DefaultSpec.create();
        return s.withProcess(s.process().withUser(new User(1000, 100, null, List.of(5L, 6L), null)).withCwd("/work")
                .withArgs(List.of("app", "--flag")));
    }

    static Plan plan(Spec spec, CgroupLayout layout, List<Path> cgroupDirs, int preserveFds) {
        return ContainerPlanner.plan(new ContainerPlanner.Request(spec, BUNDLE, ROOTFS, FIFO, manager(layout, cgroupDirs),
                layout, HOST, false, preserveFds, ENV, p -> true, new io.jrun.process.ProcessPlanner.Context(40, w -> { })));
    }

    /** The container's directories, one per hierarchy of the layout in its order, as a manager. */
    static CgroupManager manager(CgroupLayout layout, List<Path> cgroupDirs) {
        Map<String, Path> paths = new LinkedHashMap<>();
        for (int i = 0; i < cgroupDirs.size() && i < layout.hierarchies().size(); i++) {
            Hierarchy h = layout.hierarchies().get(i);
            paths.put(h.v2() ? "unified" : String.join(",", h.controllers()), cgroupDirs.get(i));
        }
        return CgroupManagers.fromState(layout.mode(), paths);
    }

    static List<StepOp> ops(Plan p) {
        return p.steps().stream().map(Step::op).toList();
    }

    @Test
    void stage1StepsComeFirst() {
        Plan p = plan(spec(), HYBRID, List.of(Path.of("/sys/fs/cgroup/cpu/jrun/c1"), Path.of("/sys/fs/cgroup/unified/jrun/c1")), 0);
        List<Step> s = p.steps();
        assertEquals(StepOp.CLOEXEC_FROM, s.get(0).op());
        assertEquals(List.of("3"), s.get(0).fields());
        // v1: this thread into tasks; cgroup2: init cloned into it (no cgroup.procs write, no grace period)
        assertEquals(List.of(StepOp.CGROUP_JOIN, StepOp.CGROUP_CLONE_INTO, StepOp.START_FIFO, StepOp.CLONE),
                ops(p).subList(1, 5));
        assertEquals(List.of("/sys/fs/cgroup/cpu/jrun/c1/tasks"), s.get(1).fields());
        assertEquals(List.of("/sys/fs/cgroup/unified/jrun/c1"), s.get(2).fields());
        assertEquals(List.of(FIFO.toString()), s.get(3).fields());
        assertEquals(StepOp.MOUNT_HOST, s.get(5).op(), "the filesystem follows the clone");
    }

    @Test
    void preservedFdsMoveTheCloexecBoundary() {
        Plan p = plan(spec(), UNIFIED, List.of(Path.of("/sys/fs/cgroup/u/jrun/c1")), 2);
        assertEquals(List.of("5"), p.steps().getFirst().fields());
    }

    @Test
    void joinedNamespacesAreEnteredBeforeTheClone() {
        Spec s = spec();
        s = s.withLinux(s.linux().withNamespaces(List.of(LinuxNamespace.of("pid"), LinuxNamespace.of("mount"),
                new LinuxNamespace("network", "/var/run/netns/n1"), LinuxNamespace.of("uts"))));
        Plan p = plan(s, UNIFIED, List.of(Path.of("/sys/fs/cgroup/u/jrun/c1")), 0);
        assertEquals(List.of(StepOp.CLOEXEC_FROM, StepOp.CGROUP_CLONE_INTO, StepOp.START_FIFO, StepOp.SETNS, StepOp.CLONE),
                ops(p).subList(0, 5));
        assertEquals(List.of(Long.toString(0x40000000L), "/var/run/netns/n1"), p.steps().get(3).fields());
        assertEquals(List.of(Long.toString(0x20000000L | 0x00020000L | 0x04000000L)), p.steps().get(4).fields());
    }

    @Test
    void processStepsFollowTheFilesystem() {
        // the default spec has rlimits (RLIMIT_NOFILE 1024), capabilities and noNewPrivileges; ENV has HOME
        Plan p = plan(spec(), UNIFIED, List.of(Path.of("/sys/fs/cgroup/u/jrun/c1")), 0);
        List<StepOp> ops = ops(p);
        int pivot = ops.indexOf(StepOp.PIVOT_ROOT);
        assertTrue(pivot > 0);
        assertEquals(List.of(StepOp.SETHOSTNAME, StepOp.RLIMIT, StepOp.CAP_BOUNDING, StepOp.KEEP_CAPS, StepOp.SETGROUPS,
                StepOp.SETGID, StepOp.SETUID, StepOp.CAPS, StepOp.CHDIR, StepOp.FIND_EXEC, StepOp.NO_NEW_PRIVS,
                StepOp.WAIT_START, StepOp.EXEC, StepOp.ARGV, StepOp.ENVP),
                ops.subList(ops.indexOf(StepOp.SETHOSTNAME), ops.size()));
        assertTrue(ops.indexOf(StepOp.SETHOSTNAME) > pivot);
        List<Step> steps = p.steps();
        int h = ops.indexOf(StepOp.SETHOSTNAME);
        // CAP_AUDIT_WRITE (29), CAP_KILL (5), CAP_NET_BIND_SERVICE (10)
        String caps = Long.toString((1L << 29) | (1L << 5) | (1L << 10));
        assertEquals(List.of("jrun"), steps.get(h).fields());
        assertEquals(List.of("7", "1024", "1024"), steps.get(h + 1).fields());
        assertEquals(List.of(caps, "40"), steps.get(h + 2).fields());
        assertEquals(List.of(), steps.get(h + 3).fields());
        assertEquals(List.of("5", "6"), steps.get(h + 4).fields());
        assertEquals(List.of("100"), steps.get(h + 5).fields());
        assertEquals(List.of("1000"), steps.get(h + 6).fields());
        assertEquals(List.of(caps, caps, "0", "0", "40"), steps.get(h + 7).fields());
        assertEquals(List.of("/work"), steps.get(h + 8).fields());
        assertEquals("chdir to cwd (\"/work\") set in config.json", steps.get(h + 8).description());
        assertEquals(List.of("/usr/bin/app", "/bin/app"), steps.get(h + 9).fields());
        assertEquals(List.of(), steps.get(h + 10).fields());
        assertEquals(List.of(), steps.get(h + 11).fields());
        assertEquals(List.of(), steps.get(h + 12).fields());
        assertEquals(List.of("app", "--flag"), steps.get(h + 13).fields());
        assertEquals(ENV, steps.get(h + 14).fields());
    }

    @Test
    void theKernelsLastCapabilityComesFromTheContext() {
        List<String> warnings = new java.util.ArrayList<>();
        Spec s = spec();
        s = s.withProcess(s.process().withCapabilities(new io.jrun.spec.LinuxCapabilities(List.of("CAP_KILL", "CAP_BPF"),
                List.of("CAP_KILL"), null, List.of("CAP_KILL"), null)));
        Plan p = ContainerPlanner.plan(new ContainerPlanner.Request(s, BUNDLE, ROOTFS, FIFO,
                manager(UNIFIED, List.of(Path.of("/c"))), UNIFIED, HOST, false, 0, ENV, x -> true,
                new io.jrun.process.ProcessPlanner.Context(35, warnings::add)));
        assertEquals(List.of(Long.toString(1L << 5), "35"), p.ofType(StepOp.CAP_BOUNDING).getFirst().fields());
        assertEquals(List.of("process.capabilities.bounding: CAP_BPF is not known to this kernel: skipped"), warnings);
    }

    @Test
    void aNewTimeNamespaceIsMadeBetweenTheJoinsAndTheClone() {
        Spec s = spec();
        s = s.withLinux(s.linux().withNamespaces(List.of(LinuxNamespace.of("pid"), LinuxNamespace.of("mount"),
                new LinuxNamespace("network", "/var/run/netns/n1"), LinuxNamespace.of("time"))));
        s = io.jrun.testing.SpecEdit.linux(s, l -> l.putObject("timeOffsets").putObject("monotonic").put("secs", 10)
                .put("nanosecs", 0));
        Plan p = plan(s, UNIFIED, List.of(Path.of("/sys/fs/cgroup/u/jrun/c1")), 0);
        assertEquals(List.of(StepOp.CLOEXEC_FROM, StepOp.CGROUP_CLONE_INTO, StepOp.START_FIFO, StepOp.SETNS, StepOp.UNSHARE,
                StepOp.TIMENS_OFFSETS, StepOp.CLONE, StepOp.MOUNT_HOST), ops(p).subList(0, 8));
        assertEquals(List.of("128"), p.steps().get(4).fields());
        assertEquals(List.of("monotonic 10 0\n"), p.steps().get(5).fields());
        assertEquals(List.of(Long.toString(0x20000000L | 0x00020000L)), p.steps().get(6).fields(),
                "no time flag in the clone");
        assertEquals(1, p.ofType(StepOp.UNSHARE).size());
    }

    @Test
    void sysctlsGoInBeforeTheProtectedPathsAndPersonalityAfterTheNames() {
        Spec s = io.jrun.testing.SpecEdit.linux(spec(), l -> {
            l.putObject("sysctl").put("net.core.somaxconn", "1024");
            l.putObject("personality").put("domain", "LINUX");
            l.putArray("readonlyPaths").add("/proc/sys");
            l.putArray("maskedPaths").add("/proc/keys");
        });
        List<StepOp> ops = ops(plan(s, UNIFIED, List.of(Path.of("/c")), 0));
        int sysctl = ops.indexOf(StepOp.SYSCTL);
        assertEquals(List.of(StepOp.SYSCTL, StepOp.READONLY, StepOp.MASK, StepOp.PIVOT_ROOT), ops.subList(sysctl, sysctl + 4),
                "a read-only /proc/sys would refuse the sysctl");
        assertTrue(sysctl > ops.lastIndexOf(StepOp.MOUNT), "written through the container's /proc, once mounted");
        int h = ops.indexOf(StepOp.SETHOSTNAME);
        assertEquals(List.of(StepOp.SETHOSTNAME, StepOp.PERSONALITY, StepOp.RLIMIT), ops.subList(h, h + 3));
    }

    @Test
    void createContainerHooksRunBeforeThePathsAreProtected() {
        Spec s = io.jrun.testing.SpecEdit.edit(spec(), root -> {
            root.withObject("/linux").putArray("maskedPaths").add("/proc/keys");
            root.withObject("/linux").putArray("readonlyPaths");
            root.withObject("/hooks").putArray("createContainer").addObject().put("path", "/bin/true");
        });
        List<StepOp> ops = ops(plan(s, UNIFIED, List.of(Path.of("/c")), 0));
        assertEquals(List.of(StepOp.CHECKPOINT, StepOp.RUN_HOOK, StepOp.MASK, StepOp.PIVOT_ROOT),
                ops.subList(ops.indexOf(StepOp.CHECKPOINT), ops.indexOf(StepOp.PIVOT_ROOT) + 1));
    }

    @Test
    void theExecLabelIsWrittenAfterTheCreateContainerHooksWhileProcIsTheHosts() {
        Spec s = io.jrun.testing.SpecEdit.edit(spec(), root -> {
            root.withObject("/process").put("apparmorProfile", "jrun-test");
            root.withObject("/linux").putArray("readonlyPaths").add("/proc/sys");
            root.withObject("/hooks").putArray("createContainer").addObject().put("path", "/bin/true");
        });
        Plan p = ContainerPlanner.plan(new ContainerPlanner.Request(s, BUNDLE, ROOTFS, FIFO,
                manager(UNIFIED, List.of(Path.of("/c"))), UNIFIED, HOST, false, 0, ENV, x -> true,
                new io.jrun.process.ProcessPlanner.Context(40, w -> { }, false, null,
                        new io.jrun.process.SecurityLabels.Host(true, true, false))));
        List<StepOp> ops = ops(p);
        assertEquals(List.of(StepOp.CHECKPOINT, StepOp.RUN_HOOK, StepOp.EXEC_LABEL, StepOp.READONLY),
                ops.subList(ops.indexOf(StepOp.CHECKPOINT), ops.indexOf(StepOp.READONLY) + 1));
        assertEquals(List.of("/proc/self/attr/apparmor/exec", "exec jrun-test"), p.ofType(StepOp.EXEC_LABEL).getFirst().fields());
    }

    @Test
    void hostnameOnlyWithANewUtsNamespace() {
        Spec s = spec();
        s = s.withLinux(s.linux().withNamespaces(List.of(LinuxNamespace.of("pid"), LinuxNamespace.of("mount"))));
        assertFalse(ops(plan(s, UNIFIED, List.of(Path.of("/c")), 0)).contains(StepOp.SETHOSTNAME));
        Spec joined = spec();
        joined = joined.withLinux(joined.linux().withNamespaces(List.of(LinuxNamespace.of("mount"),
                new LinuxNamespace("uts", "/proc/1/ns/uts"))));
        assertFalse(ops(plan(joined, UNIFIED, List.of(Path.of("/c")), 0)).contains(StepOp.SETHOSTNAME));
        assertFalse(ops(plan(spec().withHostname(null), UNIFIED, List.of(Path.of("/c")), 0)).contains(StepOp.SETHOSTNAME));
    }

    @Test
    void noAdditionalGroupsClearsThem() {
        Spec s = spec();
        s = s.withProcess(s.process().withUser(User.of(0, 0)));
        Plan p = plan(s, UNIFIED, List.of(Path.of("/c")), 0);
        assertEquals(List.of(), p.ofType(StepOp.SETGROUPS).getFirst().fields());
    }

    @Test
    void cgroupMountUsesTheContainersDirectories() {
        Spec s = spec();
        s = s.withLinux(s.linux().withNamespaces(List.of(LinuxNamespace.of("mount"), LinuxNamespace.of("pid"))));
        Plan p = plan(s, HYBRID, List.of(Path.of("/sys/fs/cgroup/cpu/jrun/c1"), Path.of("/sys/fs/cgroup/unified/jrun/c1")), 0);
        List<String> sources = p.ofType(StepOp.MOUNT).stream().map(st -> st.fields().getFirst()).toList();
        assertTrue(sources.contains("/sys/fs/cgroup/cpu/jrun/c1"), sources.toString());
        assertTrue(sources.contains("/sys/fs/cgroup/unified/jrun/c1"), sources.toString());
    }

    @Test
    void oomScoreAdjIsSetByStageOneBeforeAnyNamespace() {
        Spec s = spec().withProcess(io.jrun.testing.SpecEdit.process(spec().process(), n -> n.put("oomScoreAdj", 300)));
        s = s.withLinux(s.linux().withNamespaces(List.of(LinuxNamespace.of("pid"), LinuxNamespace.of("mount"),
                new LinuxNamespace("network", "/var/run/netns/n1"))));
        List<StepOp> ops = ops(plan(s, UNIFIED, List.of(Path.of("/c")), 0));
        assertEquals(1, java.util.Collections.frequency(ops, StepOp.OOM_SCORE_ADJ));
        assertEquals(ops.indexOf(StepOp.SETNS) - 1, ops.indexOf(StepOp.OOM_SCORE_ADJ),
                "through the host's /proc, before joining a namespace; init inherits it");
    }
}
