package io.jrun.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.cgroup.CgroupMode;
import io.jrun.error.ContainerNotFoundException;
import io.jrun.error.Errno;
import io.jrun.error.InvalidSpecException;
import io.jrun.error.InvalidStateException;
import io.jrun.error.SyscallException;
import io.jrun.front.ExitStatus;
import io.jrun.front.SpawnResult;
import io.jrun.plan.Plan;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.process.ProcessPlanner;
import io.jrun.spec.LinuxCapabilities;
import io.jrun.spec.Process;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecParser;
import io.jrun.spec.User;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exec on the Sandbox: the plan sent to the front, the exit code, and the refusals. */
class ExecContainerTest {
    static final int EXEC_PID = 5000;
    /** The /proc/&lt;pid&gt;/ns/ files, in the order exec joins them, with their clone flags. */
    static final List<String> NS_FILES = List.of("user", "ipc", "uts", "net", "pid", "cgroup", "time", "mnt");
    static final List<Long> NS_FLAGS = List.of(0x10000000L, 0x08000000L, 0x04000000L, 0x40000000L, 0x20000000L,
            0x02000000L, 0x00000080L, 0x00020000L);

    @TempDir
    Path tmp;

    private Sandbox box;

    @BeforeEach
    void setUp() {
        box = new Sandbox(tmp);
        box.existing("c1", false, true, true);
        storeConfig("c1", Sandbox.spec());
        box.front.onSpawn = plan -> new SpawnResult.Spawned(EXEC_PID);
    }

    private void storeConfig(String id, Spec spec) {
        box.store.writeConfig(id, SpecParser.toJson(spec).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The fake proc's namespace links: jrun's own (self) and init's, which differ for the names
     * given. The links point at files that exist, as the kernel's magic links resolve.
     */
    private void namespaces(int pid, Set<String> differing) throws IOException {
        Path objects = Files.createDirectories(tmp.resolve("nsobjects"));
        Path self = Files.createDirectories(box.proc.root().resolve("self/ns"));
        Path theirs = Files.createDirectories(box.proc.root().resolve(pid + "/ns"));
        for (String name : NS_FILES) {
            Path host = objects.resolve(name + "-host");
            Path container = objects.resolve(name + "-" + pid);
            Files.writeString(host, "");
            Files.writeString(container, "");
            Files.createSymbolicLink(self.resolve(name), host);
            Files.createSymbolicLink(theirs.resolve(name), differing.contains(name) ? container : host);
        }
    }

    private static ExecProcess.Flags command(String... args) {
        return new ExecProcess.Flags(List.of(args), null, List.of(), null, null, List.of(), List.of(), false, false);
    }

    /** A request without a console socket. */
    private static ExecContainer.Request request(String id, Process process, ExecProcess.Flags flags, boolean detach,
            Path pidFile, int preserveFds, boolean ignorePaused) {
        return new ExecContainer.Request(id, process, flags, detach, pidFile, preserveFds, ignorePaused, null);
    }

    private static ExecContainer.Request foreground(ExecProcess.Flags flags) {
        return request("c1", null, flags, false, null, 0, false);
    }

    private int exec(ExecContainer.Request req) {
        return new ExecContainer(box.ctx).exec(req);
    }

    private Plan sent() {
        assertEquals(1, box.front.spawned.size(), "one spawn");
        return box.front.spawned.getFirst();
    }

    private static List<StepOp> ops(Plan p) {
        return p.steps().stream().map(Step::op).toList();
    }

    /** The stored process (runc spec's, running "foo arg") with the command of the exec. */
    private static Process storedWith(List<String> args) {
        return Sandbox.spec().process().withArgs(args);
    }

    @Test
    void aForegroundExecJoinsTheContainerAndReturnsTheExitCode() throws IOException {
        namespaces(Sandbox.INIT, Set.copyOf(NS_FILES));
        box.front.exitStatus = new ExitStatus(false, 3);

        assertEquals(3, exec(foreground(command("ls", "-la"))));

        Plan p = sent();
        List<Step> s = p.steps();
        assertEquals(List.of("3"), s.get(0).fields());
        assertEquals(StepOp.CLOEXEC_FROM, s.get(0).op());
        assertEquals(new Step(StepOp.CGROUP_JOIN, List.of(box.cgroupDir("c1").resolve("tasks").toString()),
                "join cgroup " + box.cgroupDir("c1")), s.get(1));
        Path ns = box.proc.root().resolve(Sandbox.INIT + "/ns");
        for (int i = 0; i < NS_FILES.size(); i++) {
            Step setns = s.get(2 + i);
            assertEquals(StepOp.SETNS, setns.op(), NS_FILES.get(i));
            assertEquals(List.of(Long.toString(NS_FLAGS.get(i)), ns.resolve(NS_FILES.get(i)).toString()), setns.fields());
        }
        assertEquals("join the container's network namespace", s.get(5).description());
        assertEquals(new Step(StepOp.CLONE, List.of("0"), "create the process in the container"), s.get(10));
        List<Step> process = ProcessPlanner.process(storedWith(List.of("ls", "-la")), Sandbox.spec().process().env(),
                new ProcessPlanner.Context(40, w -> { }), false);
        assertEquals(process, s.subList(11, s.size()), "the process steps, without waiting for a start");
        assertFalse(ops(p).contains(StepOp.WAIT_START));
        assertFalse(ops(p).contains(StepOp.START_FIFO));

        assertEquals(List.of(true), box.front.heldSignals, "a foreground exec holds the caller's signals");
        assertEquals(List.of(EXEC_PID), box.front.waited);
        assertEquals(List.of(), box.warnings);
    }

    @Test
    void theProcessStepsOfTheStoredConfig() {
        exec(foreground(command("ls")));
        assertEquals(List.of(StepOp.CLOEXEC_FROM, StepOp.CGROUP_JOIN, StepOp.CLONE, StepOp.RLIMIT, StepOp.DEFAULT_HOME,
                StepOp.CAP_BOUNDING, StepOp.KEEP_CAPS, StepOp.SETGROUPS, StepOp.SETGID, StepOp.SETUID, StepOp.CAPS,
                StepOp.CHDIR, StepOp.FIND_EXEC, StepOp.NO_NEW_PRIVS, StepOp.EXEC, StepOp.ARGV, StepOp.ENVP), ops(sent()),
                "no namespace file in the fake proc: nothing to join");
    }

    @Test
    void namespacesSharedWithJrunAreNotJoined() throws IOException {
        namespaces(Sandbox.INIT, Set.of("mnt", "net", "uts"));
        exec(foreground(command("ls")));
        Path ns = box.proc.root().resolve(Sandbox.INIT + "/ns");
        List<List<String>> setns = sent().ofType(StepOp.SETNS).stream().map(Step::fields).toList();
        assertEquals(List.of(List.of(Long.toString(0x04000000L), ns.resolve("uts").toString()),
                List.of(Long.toString(0x40000000L), ns.resolve("net").toString()),
                List.of(Long.toString(0x00020000L), ns.resolve("mnt").toString())), setns, "uts, net, then mnt last");
    }

    @Test
    void allNamespacesSharedMeansNoSetns() throws IOException {
        namespaces(Sandbox.INIT, Set.of());
        exec(foreground(command("ls")));
        assertEquals(List.of(), sent().ofType(StepOp.SETNS));
    }

    @Test
    void preservedFdsMoveTheCloexecBoundary() {
        exec(request("c1", null, command("ls"), false, null, 2, false));
        assertEquals(List.of("5"), sent().steps().getFirst().fields());
    }

    @Test
    void aSignalledProcessExitsWith128PlusTheSignal() {
        box.front.exitStatus = new ExitStatus(true, 9);
        assertEquals(137, exec(foreground(command("ls"))));
        box.front.exitStatus = new ExitStatus(true, 15);
        assertEquals(143, exec(foreground(command("ls"))));
    }

    @Test
    void aDetachedExecReturnsZeroAndWritesThePidFile() throws IOException {
        box.front.exitStatus = new ExitStatus(false, 9);
        Path pidFile = tmp.resolve("exec.pid");
        assertEquals(0, exec(request("c1", null, command("sleep", "9"), true, pidFile, 0, false)));
        assertEquals(Integer.toString(EXEC_PID), Files.readString(pidFile));
        assertEquals(List.of(false), box.front.heldSignals, "--detach leaves the caller's signals alone");
        assertEquals(List.of(), box.front.waited, "nothing waited for");
    }

    @Test
    void aDetachedExecWithoutPidFile() {
        assertEquals(0, exec(request("c1", null, command("sleep", "9"), true, null, 0, false)));
        assertEquals(List.of(false), box.front.heldSignals);
        assertEquals(List.of(), box.front.waited);
    }

    @Test
    void aStoppedContainerIsRefused() {
        box.existing("dead", Sandbox.INIT + 1, false, false, true);
        storeConfig("dead", Sandbox.spec());
        InvalidStateException e = assertThrows(InvalidStateException.class,
                () -> exec(request("dead", null, command("ls"), false, null, 0, false)));
        assertEquals("cannot exec in a stopped container", e.getMessage());
        assertEquals(List.of(), box.front.spawned);
    }

    @Test
    void aPausedContainerIsRefusedUnlessIgnored() throws IOException {
        box.cgroups.write(box.cgroupDir("c1").resolve("freezer.state"), "FROZEN");
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> exec(foreground(command("ls"))));
        assertEquals("cannot exec in a paused container (use --ignore-paused to try anyway)", e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot exec in a paused container"));
        assertEquals(List.of(), box.front.spawned);

        assertEquals(0, exec(request("c1", null, command("ls"), false, null, 0, true)));
        assertEquals(1, box.front.spawned.size());
    }

    @Test
    void aCreatedContainerCanBeExecedInto() {
        box.existing("fresh", true, true, true);
        storeConfig("fresh", Sandbox.spec());
        assertEquals(0, exec(request("fresh", null, command("ls"), false, null, 0, false)));
        assertEquals(1, box.front.spawned.size());
    }

    @Test
    void aMissingContainer() {
        assertThrows(ContainerNotFoundException.class,
                () -> exec(request("nope", null, command("ls"), false, null, 0, false)));
        assertEquals(List.of(), box.front.spawned);
    }

    @Test
    void aProgramNotFoundIsRuncsMessage() {
        box.front.onSpawn = plan -> new SpawnResult.Failed(indexOf(plan, StepOp.FIND_EXEC), Errno.ENOENT, "", 0);
        SyscallException e = assertThrows(SyscallException.class, () -> exec(foreground(command("x"))));
        assertEquals("exec: \"x\": executable file not found in $PATH", e.getMessage());
        assertEquals(List.of(), box.front.waited);
    }

    @Test
    void aProgramNotExecutableOrNotThere() {
        box.front.onSpawn = plan -> new SpawnResult.Failed(indexOf(plan, StepOp.FIND_EXEC), Errno.EACCES, "", 0);
        assertEquals("exec: \"x\": permission denied",
                assertThrows(SyscallException.class, () -> exec(foreground(command("x")))).getMessage());
        box.front.onSpawn = plan -> new SpawnResult.Failed(indexOf(plan, StepOp.FIND_EXEC), Errno.ENOENT, "", 0);
        assertEquals("exec: \"/bin/x\": stat /bin/x: no such file or directory",
                assertThrows(SyscallException.class, () -> exec(foreground(command("/bin/x")))).getMessage());
    }

    @Test
    void aFailingStepIsNamed() {
        box.front.onSpawn = plan -> new SpawnResult.Failed(indexOf(plan, StepOp.SETUID), Errno.EPERM, "", 0);
        SyscallException e = assertThrows(SyscallException.class, () -> exec(foreground(command("ls"))));
        assertEquals("set uid 0: operation not permitted", e.getMessage());

        box.front.onSpawn = plan -> new SpawnResult.Failed(-1, 0, "the process died", 0);
        assertEquals("start the process: the process died",
                assertThrows(SyscallException.class, () -> exec(foreground(command("ls")))).getMessage());
    }

    @Test
    void flagsAreLaidOverTheStoredProcess() {
        ExecProcess.Flags f = new ExecProcess.Flags(List.of("id", "-u"), "/tmp", List.of("TERM=dumb", "A=1"), 1000L, 100L,
                List.of(7L), List.of("SYS_PTRACE"), false, false);
        exec(foreground(f));
        Plan p = sent();
        assertEquals(List.of("id", "-u"), p.ofType(StepOp.ARGV).getFirst().fields());
        assertEquals(List.of("/tmp"), p.ofType(StepOp.CHDIR).getFirst().fields());
        assertEquals(List.of("1000"), p.ofType(StepOp.SETUID).getFirst().fields());
        assertEquals(List.of("100"), p.ofType(StepOp.SETGID).getFirst().fields());
        assertEquals(List.of("7"), p.ofType(StepOp.SETGROUPS).getFirst().fields());
        List<String> env = p.ofType(StepOp.ENVP).getFirst().fields();
        assertTrue(env.contains("TERM=dumb") && env.contains("A=1") && !env.contains("TERM=xterm"), env.toString());
        assertTrue(env.stream().anyMatch(e -> e.startsWith("PATH=")), env.toString());
        // CAP_AUDIT_WRITE (29), CAP_KILL (5), CAP_NET_BIND_SERVICE (10), CAP_SYS_PTRACE (19)
        long caps = (1L << 29) | (1L << 5) | (1L << 10) | (1L << 19);
        assertEquals(Long.toString(caps), p.ofType(StepOp.CAP_BOUNDING).getFirst().fields().getFirst());
    }

    @Test
    void theStoredConfigIsTheOneCreateKeptNotTheBundles() {
        storeConfig("c1", Sandbox.spec().withProcess(Sandbox.spec().process().withCwd("/stored")));
        box.writeConfig(Sandbox.spec().withProcess(Sandbox.spec().process().withCwd("/bundle")));
        exec(foreground(command("ls")));
        assertEquals(List.of("/stored"), sent().ofType(StepOp.CHDIR).getFirst().fields());
    }

    @Test
    void aProcessFromProcessJsonIsUsedAsIs() {
        Process given = new Process(false, null, new User(5, 6, null, null, null), List.of("/bin/true"), null,
                List.of("PATH=/bin"), "/srv", null, null, null, null, null, null, null, null, null);
        exec(request("c1", given, null, false, null, 0, false));
        Plan p = sent();
        List<Step> steps = p.steps();
        assertEquals(ProcessPlanner.process(given, given.env(), new ProcessPlanner.Context(40, w -> { }), false),
                steps.subList(ops(p).indexOf(StepOp.CLONE) + 1, steps.size()));
        assertFalse(ops(p).contains(StepOp.CAPS), "no capabilities in the given process: none set");
    }

    @Test
    void invalidFlagsAreRefusedBeforeSpawning() {
        ExecProcess.Flags noCommand = new ExecProcess.Flags(List.of(), null, List.of(), null, null, List.of(), List.of(),
                false, false);
        assertThrows(InvalidSpecException.class, () -> exec(foreground(noCommand)));
        ExecProcess.Flags badCap = new ExecProcess.Flags(List.of("ls"), null, List.of(), null, null, List.of(),
                List.of("FLY"), false, false);
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> exec(foreground(badCap)));
        assertEquals("process.capabilities.bounding: unknown capability \"CAP_FLY\"", e.getMessage());
        assertEquals(List.of(), box.front.spawned);
    }

    @Test
    void theKernelsLastCapabilityIsReadFromProc() {
        box.proc.write("sys/kernel/cap_last_cap", "37\n");
        Process p = storedWith(List.of("ls")).withCapabilities(new LinuxCapabilities(List.of("CAP_KILL", "CAP_BPF"),
                List.of("CAP_KILL"), null, List.of("CAP_KILL"), null));
        exec(request("c1", p, null, false, null, 0, false));
        assertEquals(List.of(Long.toString(1L << 5), "37"), sent().ofType(StepOp.CAP_BOUNDING).getFirst().fields());
        assertEquals("37", sent().ofType(StepOp.CAPS).getFirst().fields().get(4));
        assertEquals(List.of("exec c1: process.capabilities.bounding: CAP_BPF is not known to this kernel: skipped"),
                box.warnings);
    }

    @Test
    void aCgroupV2Container() throws IOException {
        box = new Sandbox(tmp.resolve("v2"), CgroupMode.UNIFIED);
        box.existing("c1", false, true, true);
        storeConfig("c1", Sandbox.spec());
        box.front.onSpawn = plan -> new SpawnResult.Spawned(EXEC_PID);
        exec(foreground(command("ls")));
        assertEquals(List.of(List.of(box.cgroupDir("c1").toString())),
                sent().ofType(StepOp.CGROUP_CLONE_INTO).stream().map(Step::fields).toList());
        assertEquals(List.of(), sent().ofType(StepOp.CGROUP_JOIN));
    }

    @Test
    void withoutAStoredConfigTheProcessIsNeeded() throws IOException {
        Files.delete(box.store.dir("c1").resolve("config.json"));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> exec(foreground(command("ls"))));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        assertEquals(List.of(), box.front.spawned);
    }

    /** The shim's index of the first step of that op (the SPAWN record is 0). */
    private static int indexOf(Plan plan, StepOp op) {
        List<StepOp> ops = ops(plan);
        assertTrue(ops.contains(op), op + " in " + ops);
        return ops.indexOf(op) + 1;
    }
}
