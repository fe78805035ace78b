package io.jrun.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        assertEquals(List.of(), box.treeUnder(box.cgroupfs.resolve("test.slice")), "cgroup left behind");
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
        assertEquals(List.of(box.cgroupDir("c1").toString()), s.cgroupDirs());
        assertTrue(s.cgroupMade().contains(box.cgroupDir("c1").toString()));
        assertTrue(s.ownPidNamespace());
        assertEquals(0, s.owner());

        assertTrue(Files.isDirectory(box.cgroupDir("c1")));
        assertTrue(Files.exists(box.store.startFifo("c1")));
        assertArrayEquals(Files.readAllBytes(box.bundle.resolve("config.json")),
                Files.readAllBytes(box.store.dir("c1").resolve("config.json")));
        assertEquals(Status.CREATED, ContainerStatus.of(s, box.proc.root(), box.store.startFifo("c1")));
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
        assertEquals(List.of(box.cgroupDir("c1").toString()), plan.ofType(StepOp.CGROUP_JOIN).getFirst().fields());
        assertEquals(List.of(box.store.startFifo("c1").toString()), plan.ofType(StepOp.START_FIFO).getFirst().fields());
        assertEquals(List.of("3"), plan.steps().getFirst().fields());
        assertEquals(List.of("foo", "arg"), plan.ofType(StepOp.ARGV).getFirst().fields());
        assertTrue(plan.ofType(StepOp.ENVP).getFirst().fields().contains("HOME=/"), "no passwd in the rootfs");
    }

    @Test
    void homeComesFromTheRootfsPasswd() throws IOException {
        Path etc = Files.createDirectories(box.bundle.resolve("rootfs/etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        box.spawnSucceeds();
        create();
        assertTrue(box.front.spawned.getFirst().ofType(StepOp.ENVP).getFirst().fields().contains("HOME=/root"));
    }

    @Test
    void aSymlinkedEtcIsNotFollowed() throws IOException {
        Path hostEtc = Files.createDirectories(tmp.resolve("host-etc"));
        Files.writeString(hostEtc.resolve("passwd"), "root:x:0:0:root:/host-secret:/bin/sh\n");
        Files.createSymbolicLink(box.bundle.resolve("rootfs/etc"), hostEtc);
        box.spawnSucceeds();
        create();
        assertTrue(box.front.spawned.getFirst().ofType(StepOp.ENVP).getFirst().fields().contains("HOME=/"));
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
        assertEquals(List.of(), box.treeUnder(box.cgroupfs.resolve("test.slice")));
        assertEquals(List.of(), box.front.spawned);
    }

    @Test
    void missingRootfsFailsBeforeAnythingIsCreated() {
        box.writeConfig(Sandbox.spec().withRoot(new Root("nope", true)));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, this::create);
        assertEquals("root.path", e.field());
        assertFalse(Files.exists(box.store.root()));
        assertEquals(List.of(), box.treeUnder(box.cgroupfs.resolve("test.slice")));
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
}
