package io.jrun.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrun.cgroup.CgroupMode;
import io.jrun.error.ContainerExistsException;
import io.jrun.error.Errno;
import io.jrun.error.InvalidSpecException;
import io.jrun.error.SyscallException;
import io.jrun.error.UsageException;
import io.jrun.plan.Plan;
import io.jrun.plan.StepOp;
import io.jrun.spec.LinuxNamespace;
import io.jrun.spec.Root;
import io.jrun.spec.Spec;
import io.jrun.state.ContainerState;
import io.jrun.state.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateContainerTest {
    @TempDir
    Path tmp;

    private Sandbox box;

    @BeforeEach
    void setUp() {
        box = new Sandbox(tmp);
    }

    private ContainerState create() {
        return new CreateContainer(box.ctx).create(box.request("c1"));
    }

    /** Nothing of the container is left: no state directory, no cgroup, no lock held. */
    private void assertNothingLeft() {
        assertFalse(Files.exists(box.store.dir("c1")), "state directory left behind");
        assertEquals(List.of(), box.cgroupsUnder(box.cgroupfs.resolve("test.slice")), "cgroup left behind");
        assertTrue(Files.isDirectory(box.cgroupfs.resolve("test.slice")), "the caller's cgroup is not ours to remove");
        assertEquals(0, box.posix.openLocks);
    }

    @Test
    void failedProcMountIsRenderedFromThePlanAndUndone() {
        box.spawnFailsAt("mount \"proc\" on /proc", Errno.EACCES, 0);
        SyscallException e = assertThrows(SyscallException.class, this::create);
        assertEquals("mount \"proc\" on /proc: permission denied", e.getMessage());
        assertEquals(Errno.EACCES, e.errno());
        assertEquals(1, box.front.spawned.size());
        assertNothingLeft();
    }

    @Test
    void failureDetailIsAppended() {
        box.front.onSpawn = plan -> new io.jrun.front.SpawnResult.Failed(
                Sandbox.shimIndexOf(plan, "mount \"proc\" on /proc"), Errno.EBUSY, "fd 7", 0);
        assertEquals("mount \"proc\" on /proc: device or resource busy (fd 7)",
                assertThrows(SyscallException.class, this::create).getMessage());
        assertNothingLeft();
    }

    @Test
    void failureAfterTheCloneIsUndoneToo() {
        box.front.onSpawn = plan -> new io.jrun.front.SpawnResult.Failed(
                plan.steps().indexOf(plan.ofType(StepOp.PIVOT_ROOT).getFirst()) + 1, Errno.EINVAL, "", 4243);
        SyscallException e = assertThrows(SyscallException.class, this::create);
        assertTrue(e.getMessage().startsWith("pivot_root into "), e.getMessage());
        assertTrue(e.getMessage().endsWith(": invalid argument"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void missingExecutableIsWordedAsRunc() {
        box.front.onSpawn = plan -> new io.jrun.front.SpawnResult.Failed(
                plan.steps().indexOf(plan.ofType(StepOp.FIND_EXEC).getFirst()) + 1, Errno.ENOENT, "", 4243);
        SyscallException e = assertThrows(SyscallException.class, this::create);
        assertEquals("exec: \"foo\": executable file not found in $PATH", e.getMessage());
        assertNothingLeft();
    }

    @Test
    void executableWithoutPermissionIsWordedAsRunc() {
        box.front.onSpawn = plan -> new io.jrun.front.SpawnResult.Failed(
                plan.steps().indexOf(plan.ofType(StepOp.FIND_EXEC).getFirst()) + 1, Errno.EACCES, "", 4243);
        assertEquals("exec: \"foo\": permission denied", assertThrows(SyscallException.class, this::create).getMessage());
    }

    @Test
    void failureOutsideAnyStep() {
        box.front.onSpawn = plan -> new io.jrun.front.SpawnResult.Failed(-1, 0,
                "container init exited before it was ready", 0);
        assertEquals("start container init: container init exited before it was ready",
                assertThrows(SyscallException.class, this::create).getMessage());
        assertNothingLeft();
    }

    @Test
    void successWritesStateAndPidFile() throws IOException {
        box.spawnSucceeds();
        Path pidFile = tmp.resolve("init.pid");
        ContainerState s = new CreateContainer(box.ctx).create(
                new CreateContainer.Request("c1", box.bundle, pidFile, false, 0));
        assertEquals(Sandbox.INIT, s.pid());
        assertEquals(Sandbox.START, s.pidStartTime());
        assertEquals("4242", Files.readString(pidFile));
        assertEquals(s, box.store.load("c1"));

        JsonNode json = new ObjectMapper().readTree(box.store.dir("c1").resolve("state.json").toFile());
        assertEquals(4242, json.get("pid").asInt());
        assertEquals(777, json.get("pidStartTime").asLong());
        assertEquals("c1", json.get("id").asText());
        assertEquals(box.bundle.toString(), json.get("bundle").asText());
        assertEquals(box.bundle.resolve("rootfs").toRealPath().toString(), s.rootfs());
        assertEquals(CgroupMode.LEGACY, s.cgroupMode());
        assertEquals(Map.of(Sandbox.V1_HIERARCHY, box.cgroupDir("c1").toString()), s.cgroupPaths());
        assertTrue(s.cgroupMade().contains(box.cgroupDir("c1").toString()));
        assertTrue(s.ownPidNamespace());
        assertEquals(0, s.owner());

        assertTrue(Files.isDirectory(box.cgroupDir("c1")));
        assertTrue(Files.exists(box.store.startFifo("c1")));
        assertArrayEquals(Files.readAllBytes(box.bundle.resolve("config.json")),
                Files.readAllBytes(box.store.dir("c1").resolve("config.json")));
        assertEquals(Status.CREATED, ContainerStatus.of(box.ctx, s));
        assertEquals(0, box.posix.openLocks);
    }

    @Test
    void pidFileFailureUndoesTheCreate() {
        box.spawnSucceeds();
        Path pidFile = tmp.resolve("no-such-dir/init.pid");
        assertThrows(java.io.UncheckedIOException.class, () -> new CreateContainer(box.ctx).create(
                new CreateContainer.Request("c1", box.bundle, pidFile, false, 0)));
        assertNothingLeft();
    }

    @Test
    void thePlanSentJoinsTheCgroupAndWaitsOnTheFifo() {
        box.spawnSucceeds();
        create();
        Plan plan = box.front.spawned.getFirst();
        assertEquals(List.of(box.cgroupDir("c1").resolve("tasks").toString()), plan.ofType(StepOp.CGROUP_JOIN).getFirst().fields());
        assertEquals(List.of(box.store.startFifo("c1").toString()), plan.ofType(StepOp.START_FIFO).getFirst().fields());
        assertEquals(List.of("3"), plan.steps().getFirst().fields());
        assertEquals(List.of("foo", "arg"), plan.ofType(StepOp.ARGV).getFirst().fields());
        assertTrue(plan.ofType(StepOp.ENVP).getFirst().fields().stream().noneMatch(e -> e.startsWith("HOME=")),
                "HOME is not decided on the host");
    }

    @Test
    void homeIsLookedUpInsideTheContainerWhenMissing() {
        // Inside, after the mounts: a bind-mounted or symlinked /etc/passwd is the container's own,
        // and a symlink out of the rootfs can never make jrun read a host file.
        box.spawnSucceeds();
        create();
        Plan plan = box.front.spawned.getFirst();
        assertEquals(List.of("0"), plan.ofType(StepOp.DEFAULT_HOME).getFirst().fields());
        int home = plan.steps().indexOf(plan.ofType(StepOp.DEFAULT_HOME).getFirst());
        int pivot = plan.steps().indexOf(plan.ofType(StepOp.PIVOT_ROOT).getFirst());
        int setuid = plan.steps().indexOf(plan.ofType(StepOp.SETUID).getFirst());
        assertTrue(pivot < home && home < setuid, "after the pivot, before dropping root");
    }

    @Test
    void aHomeInTheEnvironmentNeedsNoLookup() {
        Spec spec = Sandbox.spec();
        box.writeConfig(spec.withProcess(spec.process().withEnv(List.of("PATH=/bin", "HOME=/work"))));
        box.spawnSucceeds();
        create();
        assertTrue(box.front.spawned.getFirst().ofType(StepOp.DEFAULT_HOME).isEmpty());
    }

    @Test
    void initVanishingBeforeItsStartTimeIsReadIsAFailure() {
        box.front.onSpawn = plan -> new io.jrun.front.SpawnResult.Spawned(Sandbox.INIT); // no /proc/4242
        SyscallException e = assertThrows(SyscallException.class, this::create);
        assertEquals("read the start time of init 4242: no such process", e.getMessage());
        assertNothingLeft();
    }

    @Test
    void invalidJsonFailsBeforeAnythingIsCreated() {
        box.writeConfig("{\"ociVersion\": \"1.3.0\", ");
        assertThrows(InvalidSpecException.class, this::create);
        assertFalse(Files.exists(box.store.root()));
        assertEquals(List.of(), box.cgroupsUnder(box.cgroupfs.resolve("test.slice")));
        assertEquals(List.of(), box.front.spawned);
    }

    @Test
    void missingRootfsFailsBeforeAnythingIsCreated() {
        box.writeConfig(Sandbox.spec().withRoot(new Root("nope", true)));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, this::create);
        assertEquals("root.path", e.field());
        assertFalse(Files.exists(box.store.root()));
        assertEquals(List.of(), box.cgroupsUnder(box.cgroupfs.resolve("test.slice")));
    }

    @Test
    void missingConfigFailsBeforeAnythingIsCreated() throws IOException {
        Files.delete(box.bundle.resolve("config.json"));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, this::create);
        assertEquals("config.json", e.field());
        assertFalse(Files.exists(box.store.root()));
    }

    @Test
    void unsupportedNamespaceFailsBeforeAnythingIsCreated() {
        Spec s = Sandbox.spec();
        box.writeConfig(s.withLinux(s.linux().withNamespaces(List.of(LinuxNamespace.of("mount"), LinuxNamespace.of("user")))));
        assertThrows(InvalidSpecException.class, this::create);
        assertFalse(Files.exists(box.store.root()));
    }

    @Test
    void systemdCgroupsPathFailsBeforeAnythingIsCreated() {
        Spec s = Sandbox.spec();
        box.writeConfig(s.withLinux(s.linux().withCgroupsPath("system.slice:jrun:c1")));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, this::create);
        assertEquals("linux.cgroupsPath", e.field());
        assertFalse(Files.exists(box.store.root()));
    }

    @Test
    void invalidIdIsRefusedFirst() {
        assertThrows(UsageException.class, () -> new CreateContainer(box.ctx).create(box.request("../evil")));
        assertFalse(Files.exists(box.store.root()));
    }

    @Test
    void anExistingIdIsRefusedAndLeftAlone() {
        box.spawnSucceeds();
        ContainerState first = create();
        assertThrows(ContainerExistsException.class, this::create);
        assertEquals(first, box.store.load("c1"));
        assertTrue(Files.isDirectory(box.cgroupDir("c1")));
        assertEquals(1, box.front.spawned.size());
    }

    // ---- linux.resources ----

    private void writeResources(String json) {
        Spec s = Sandbox.spec();
        box.writeConfig(s.withLinux(s.linux().withResources(io.jrun.testing.Resources.of(json))));
    }

    @Test
    void theLimitsAreInPlaceBeforeInitIsSpawned() {
        writeResources("{'devices': [{'allow': false, 'access': 'rwm'}], 'memory': {'limit': 67108864}, 'pids': {'limit': 10}}");
        List<String> atSpawn = new java.util.ArrayList<>();
        box.front.onSpawn = plan -> {
            atSpawn.addAll(box.cgroups.writes(box.cgroupDir("c1")));
            box.proc.process(Sandbox.INIT, 'S', Sandbox.START);
            return new io.jrun.front.SpawnResult.Spawned(Sandbox.INIT);
        };
        create();
        // deny all, then config.json's rule, then runc's defaults, each rule a write of its own
        assertEquals(List.of("memory.limit_in_bytes=67108864", "pids.max=10",
                "devices.deny=a", "devices.deny=a *:* rwm", "devices.allow=c *:* m", "devices.allow=b *:* m",
                "devices.allow=c 1:3 rwm", "devices.allow=c 1:8 rwm", "devices.allow=c 1:7 rwm", "devices.allow=c 5:0 rwm",
                "devices.allow=c 1:5 rwm", "devices.allow=c 1:9 rwm", "devices.allow=c 136:* rwm", "devices.allow=c 5:2 rwm"),
                atSpawn);
        assertEquals(atSpawn, box.cgroups.writes(box.cgroupDir("c1")), "nothing written after the spawn");
        assertTrue(box.warnings.stream().noneMatch(w -> w.contains("linux.resources")), box.warnings.toString());
    }

    @Test
    void settingsIgnoredOnThisHostAreWarnedAbout() {
        writeResources("{'memory': {'limit': 67108864, 'kernel': 1048576}}");
        box.spawnSucceeds();
        create();
        assertTrue(box.warnings.contains("create c1: ignored on cgroup v1 (as runc does): linux.resources.memory.kernel"),
                box.warnings.toString());
    }

    @Test
    void aLimitTheHostCannotTakeIsRefusedAndUndone() {
        writeResources("{'unified': {'memory.high': '1073741824'}}");
        InvalidSpecException e = assertThrows(InvalidSpecException.class, this::create);
        assertEquals("linux.resources.unified", e.field());
        assertEquals(List.of(), box.front.spawned);
        assertNothingLeft();
    }

    @Test
    void onCgroupV2TheContainerGoesUnderTheRoot() {
        box = new Sandbox(tmp.resolve("v2"), io.jrun.cgroup.CgroupMode.UNIFIED);
        box.spawnFailsAt("mount \"proc\" on /proc", Errno.EACCES, 0);
        // the device filter needs a real cgroup2 directory: create stops there, and undoes everything
        SyscallException e = assertThrows(SyscallException.class, this::create);
        assertTrue(e.getMessage().startsWith("attach the device filter to " + box.cgroupDir("c1")), e.getMessage());
        assertEquals(List.of(), box.front.spawned);
        assertFalse(Files.exists(box.cgroupfs.resolve("jrun")), "the default parent is removed again");
        assertFalse(Files.exists(box.store.dir("c1")));
    }

    @Test
    void seccompIsCompiledIntoThePlanAndItsListenerSentWithTheProcessState() throws IOException {
        box.writeConfig(io.jrun.testing.SpecEdit.linux(Sandbox.spec(), l -> l.putObject("seccomp")
                .put("defaultAction", "SCMP_ACT_ALLOW").put("listenerPath", "/run/agent.sock").put("listenerMetadata", "m")
                .putArray("syscalls").addObject().put("action", "SCMP_ACT_NOTIFY").putArray("names").add("mkdir")));
        box.spawnSucceeds();
        create();
        Plan plan = box.front.spawned.getFirst();
        assertEquals(1, plan.ofType(StepOp.SECCOMP).size());
        assertEquals("1", plan.ofType(StepOp.SECCOMP).getFirst().fields().get(2), "init passes the listener up");
        assertEquals(1, box.front.listenersSent.size());
        String sent = box.front.listenersSent.getFirst();
        assertTrue(sent.startsWith("/run/agent.sock {"), sent);
        JsonNode st = new ObjectMapper().readTree(sent.substring(sent.indexOf(' ') + 1));
        assertEquals("seccompFd", st.get("fds").get(0).asText());
        assertEquals(Sandbox.INIT, st.get("pid").asInt());
        assertEquals("m", st.get("metadata").asText());
        assertEquals("c1", st.get("state").get("id").asText());
        assertEquals("creating", st.get("state").get("status").asText());
        assertEquals(Sandbox.INIT, st.get("state").get("pid").asInt());
    }

    @Test
    void aProfileLibseccompCannotBuildLeavesNothing() {
        box.writeConfig(io.jrun.testing.SpecEdit.linux(Sandbox.spec(), l -> l.putObject("seccomp")
                .put("defaultAction", "SCMP_ACT_ALLOW").putArray("architectures").add("SCMP_ARCH_Z80")));
        box.spawnSucceeds();
        assertThrows(io.jrun.error.SeccompException.class, this::create);
        assertEquals(0, box.front.spawned.size());
        assertNothingLeft();
    }
}
