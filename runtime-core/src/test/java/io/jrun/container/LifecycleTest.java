package io.jrun.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.ContainerNotFoundException;
import io.jrun.error.InvalidStateException;
import io.jrun.state.Status;
import io.jrun.testing.FakePosix.Sent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** start, kill, delete: which states allow what, with the container written directly into the store. */
class LifecycleTest {
    @TempDir
    Path tmp;

    private Sandbox box;

    @BeforeEach
    void setUp() {
        box = new Sandbox(tmp);
    }

    private Status status(String id) {
        return ContainerStatus.of(box.ctx, box.store.load(id));
    }

    // ---- start ----

    @Test
    void startReleasesACreatedContainer() {
        box.existing("c1", true, true, true);
        new StartContainer(box.ctx).start("c1");
        assertEquals(List.of(box.store.startFifo("c1")), box.posix.fifoWrites);
        assertFalse(Files.exists(box.store.startFifo("c1")));
        assertEquals(Status.RUNNING, status("c1"));
        assertEquals(0, box.posix.openLocks);
    }

    @Test
    void startOfARunningContainer() {
        box.existing("c1", false, true, true);
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> new StartContainer(box.ctx).start("c1"));
        assertEquals("cannot start an already running container", e.getMessage());
        assertEquals(List.of(), box.posix.fifoWrites);
        assertEquals(0, box.posix.openLocks);
    }

    @Test
    void startOfAStoppedContainer() {
        box.existing("c1", true, false, true);
        assertEquals("cannot start a container that has stopped",
                assertThrows(InvalidStateException.class, () -> new StartContainer(box.ctx).start("c1")).getMessage());
    }

    @Test
    void startWhenInitNoLongerReadsTheFifo() {
        box.existing("c1", true, true, true);
        box.posix.fifoReader = false;
        assertEquals("cannot start a container that has stopped",
                assertThrows(InvalidStateException.class, () -> new StartContainer(box.ctx).start("c1")).getMessage());
        assertTrue(Files.exists(box.store.startFifo("c1")));
    }

    @Test
    void startOfAMissingContainer() {
        assertThrows(ContainerNotFoundException.class, () -> new StartContainer(box.ctx).start("nope"));
    }

    // ---- kill ----

    @Test
    void killOfAStoppedContainer() {
        box.existing("c1", false, false, true);
        InvalidStateException e = assertThrows(InvalidStateException.class,
                () -> new KillContainer(box.ctx).kill("c1", 15, false));
        assertEquals("container not running", e.getMessage());
        assertEquals(List.of(), box.posix.signals);
        assertEquals(0, box.posix.openLocks);
    }

    @Test
    void killAllOfAStoppedContainerWithNothingLeftSucceeds() {
        box.existing("c1", false, false, true);
        new KillContainer(box.ctx).kill("c1", 9, true); // as runc: nothing to signal is not an error
        assertEquals(List.of(), box.posix.signals);
        assertEquals(0, box.posix.openLocks);
    }

    @Test
    void killSignalsInitThroughAPidfd() {
        box.existing("c1", false, true, true);
        new KillContainer(box.ctx).kill("c1", 15, false);
        assertEquals(List.of(new Sent(Sandbox.INIT, 15)), box.posix.signals);
        assertEquals(0, box.posix.openPidfds, "pidfd closed");
        assertEquals(Status.RUNNING, status("c1"));
    }

    @Test
    void killOfACreatedContainerIsAllowed() {
        box.existing("c1", true, true, true);
        new KillContainer(box.ctx).kill("c1", 9, false);
        assertEquals(List.of(new Sent(Sandbox.INIT, 9)), box.posix.signals);
        assertEquals(Status.STOPPED, status("c1"));
    }

    @Test
    void killOfAMissingContainer() {
        assertThrows(ContainerNotFoundException.class, () -> new KillContainer(box.ctx).kill("nope", 15, false));
    }

    @Test
    void killAllSignalsEveryProcessInTheCgroupOnce() throws IOException {
        box.existing("c1", false, true, true);
        box.proc.process(4300, 'S', 1);
        box.proc.process(4301, 'S', 2);
        Files.writeString(box.cgroupDir("c1").resolve("cgroup.procs"), Sandbox.INIT + "\n4300\n4301\n");
        new KillContainer(box.ctx).kill("c1", 10, true);
        assertEquals(List.of(new Sent(Sandbox.INIT, 10), new Sent(4300, 10), new Sent(4301, 10)), box.posix.signals);
    }

    @Test
    void killAllStillReachesAnInitMissingFromTheListing() throws IOException {
        box.existing("c1", false, true, true);
        box.proc.process(4300, 'S', 1);
        Files.writeString(box.cgroupDir("c1").resolve("cgroup.procs"), "4300\n");
        new KillContainer(box.ctx).kill("c1", 15, true);
        assertEquals(List.of(new Sent(4300, 15), new Sent(Sandbox.INIT, 15)), box.posix.signals);
    }

    @Test
    void withoutItsOwnPidNamespaceEveryProcessIsSignalled() throws IOException {
        box.existing("c1", false, true, false);
        box.proc.process(4300, 'S', 1);
        Files.writeString(box.cgroupDir("c1").resolve("cgroup.procs"), Sandbox.INIT + "\n4300\n");
        new KillContainer(box.ctx).kill("c1", 15, false);
        assertEquals(List.of(new Sent(Sandbox.INIT, 15), new Sent(4300, 15)), box.posix.signals);
    }

    @Test
    void aReusedPidIsNeverSignalled() {
        box.existing("c1", false, false, true);
        box.proc.process(Sandbox.INIT, 'S', Sandbox.START + 1); // another process now has init's pid
        assertThrows(InvalidStateException.class, () -> new KillContainer(box.ctx).kill("c1", 9, false));
        assertEquals(List.of(), box.posix.signals);
    }

    // ---- delete ----

    @Test
    void deleteOfARunningContainerNeedsForce() {
        box.existing("c1", false, true, true);
        InvalidStateException e = assertThrows(InvalidStateException.class,
                () -> new DeleteContainer(box.ctx).delete("c1", false));
        assertEquals("cannot delete container c1 that is not stopped: running", e.getMessage());
        assertTrue(Files.exists(box.store.dir("c1")));
        assertTrue(Files.isDirectory(box.cgroupDir("c1")));
        assertEquals(List.of(), box.posix.signals);
        assertEquals(0, box.posix.openLocks);
    }

    @Test
    void forcedDeleteKillsAndRemovesEverything() {
        box.existing("c1", false, true, true);
        new DeleteContainer(box.ctx).delete("c1", true);
        assertEquals(List.of(new Sent(Sandbox.INIT, 9)), box.posix.signals);
        assertFalse(Files.exists(box.store.dir("c1")));
        assertEquals(List.of(), box.cgroupsUnder(box.cgroupfs.resolve("test.slice")));
        assertEquals(List.of(), box.store.ids());
    }

    @Test
    void deleteOfAStoppedContainerSignalsNothing() {
        box.existing("c1", false, false, true);
        new DeleteContainer(box.ctx).delete("c1", false);
        assertEquals(List.of(), box.posix.signals);
        assertFalse(Files.exists(box.store.dir("c1")));
        assertFalse(Files.exists(box.cgroupDir("c1")));
    }

    @Test
    void deleteOfACreatedContainerKillsItsInit() {
        box.existing("c1", true, true, true);
        new DeleteContainer(box.ctx).delete("c1", false);
        assertEquals(List.of(new Sent(Sandbox.INIT, 9)), box.posix.signals);
        assertFalse(Files.exists(box.store.dir("c1")));
    }

    @Test
    void forcedDeleteOfAMissingContainerSucceeds() {
        new DeleteContainer(box.ctx).delete("nope", true);
        assertThrows(ContainerNotFoundException.class, () -> new DeleteContainer(box.ctx).delete("nope", false));
    }

    @Test
    void deleteLeavesOtherContainersCgroupParent() {
        box.existing("c1", false, false, true);
        box.existing("c2", false, false, true);
        new DeleteContainer(box.ctx).delete("c1", false);
        assertTrue(Files.isDirectory(box.cgroupDir("c2")));
        assertEquals(List.of("c2"), box.store.ids());
        new DeleteContainer(box.ctx).delete("c2", false);
        assertFalse(Files.exists(box.cgroupfs.resolve("test.slice/jrun")));
    }

    // ---- state and list ----

    @Test
    void queryShowsStatusAndHidesTheStoppedPid() {
        box.existing("b", true, true, true);
        box.existing("a", 5000, false, false, true);
        QueryContainers q = new QueryContainers(box.ctx);
        ContainerView b = q.state("b");
        assertEquals(Status.CREATED, b.status());
        assertEquals(Sandbox.INIT, b.pid());
        List<ContainerView> all = q.list();
        assertEquals(List.of("a", "b"), all.stream().map(ContainerView::id).toList());
        assertEquals(Status.STOPPED, all.getFirst().status());
        assertEquals(0, all.getFirst().pid());
        assertThrows(ContainerNotFoundException.class, () -> q.state("nope"));
    }
}
