package io.jrun.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.cgroup.CgroupMode;
import io.jrun.state.ContainerState;
import io.jrun.state.StateStore;
import io.jrun.state.Status;
import io.jrun.testing.FakePosix;
import io.jrun.testing.KernelCgroupFs;
import io.jrun.testing.ProcTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerStatusTest {
    @TempDir
    Path tmp;

    private ProcTree proc;
    private Path fifo;
    private KernelCgroupFs cgroups;
    private RuntimeContext ctx;
    private final ContainerState state = new ContainerState("1.3.0", "c1", 4242, 777, "/b", "/b/rootfs",
            "2025-01-01T00:00:00Z", 0, Map.of(), null, Map.of(), List.of(), true);

    @BeforeEach
    void setUp() throws IOException {
        proc = new ProcTree(tmp.resolve("proc"));
        cgroups = new KernelCgroupFs().v1(tmp.resolve("memory"), "memory").v1(tmp.resolve("freezer"), "freezer")
                .v2(tmp.resolve("unified"));
        StateStore store = new StateStore(tmp.resolve("state"), new FakePosix(proc.root()));
        ctx = new RuntimeContext(store, new FakePosix(proc.root()), null, proc.root(), null, cgroups);
        fifo = Files.createDirectories(store.dir("c1")).resolve(StateStore.START_FIFO);
        assertEquals(store.startFifo("c1"), fifo);
    }

    @Test
    void createdWhileInitWaitsOnTheFifo() throws IOException {
        proc.process(4242, 'S', 777);
        Files.createFile(fifo);
        assertEquals(Status.CREATED, ContainerStatus.of(ctx, state));
    }

    @Test
    void runningOnceTheFifoIsGone() {
        proc.process(4242, 'R', 777);
        assertEquals(Status.RUNNING, ContainerStatus.of(ctx, state));
        assertTrue(ContainerStatus.isAlive(state, proc.root()));
    }

    @Test
    void aReusedPidIsAnotherProcess() throws IOException {
        proc.process(4242, 'S', 778);
        Files.createFile(fifo);
        assertEquals(Status.STOPPED, ContainerStatus.of(ctx, state));
        assertFalse(ContainerStatus.isAlive(state, proc.root()));
    }

    @Test
    void aZombieIsStopped() {
        proc.process(4242, 'Z', 777);
        assertEquals(Status.STOPPED, ContainerStatus.of(ctx, state));
    }

    @Test
    void aMissingProcessIsStopped() throws IOException {
        Files.createFile(fifo);
        assertEquals(Status.STOPPED, ContainerStatus.of(ctx, state));
    }

    @Test
    void viewOfAStoppedContainerHasNoPid() {
        ContainerView stopped = ContainerView.of(state, Status.STOPPED);
        assertEquals(0, stopped.pid());
        assertEquals(4242, ContainerView.of(state, Status.RUNNING).pid());
        assertEquals("stopped", stopped.status().specName());
    }

    // ---- paused: the container's cgroup is frozen ----

    private ContainerState withCgroup(CgroupMode mode, Map<String, String> paths) {
        return new ContainerState("1.3.0", "c1", 4242, 777, "/b", "/b/rootfs", "2025-01-01T00:00:00Z", 0, Map.of(), mode,
                paths, List.of(), true);
    }

    @Test
    void pausedWhenTheV1FreezerIsNotThawed() throws IOException {
        Path freezer = tmp.resolve("freezer/c1");
        ContainerState s = withCgroup(CgroupMode.LEGACY, Map.of("memory", tmp.resolve("memory/c1").toString(),
                "freezer", freezer.toString()));
        proc.process(4242, 'S', 777);
        assertEquals(Status.RUNNING, ContainerStatus.of(ctx, s), "no freezer cgroup yet");
        cgroups.mkdir(freezer);
        assertEquals(Status.RUNNING, ContainerStatus.of(ctx, s), "a new cgroup is THAWED");
        cgroups.write(freezer.resolve("freezer.state"), "FROZEN");
        assertEquals(Status.PAUSED, ContainerStatus.of(ctx, s));
        cgroups.write(freezer.resolve("freezer.state"), "THAWED");
        cgroups.freezesAtOnce = false;
        cgroups.write(freezer.resolve("freezer.state"), "FROZEN");
        assertEquals("FREEZING", cgroups.read(freezer.resolve("freezer.state")).orElseThrow());
        assertEquals(Status.PAUSED, ContainerStatus.of(ctx, s));
        Files.createFile(fifo);
        assertEquals(Status.PAUSED, ContainerStatus.of(ctx, s), "a created container can be paused too");
    }

    @Test
    void pausedWhenTheV2CgroupReportsFrozen() throws IOException {
        Path dir = tmp.resolve("unified/c1");
        cgroups.mkdir(dir);
        ContainerState s = withCgroup(CgroupMode.UNIFIED, Map.of("unified", dir.toString()));
        proc.process(4242, 'S', 777);
        assertEquals(Status.RUNNING, ContainerStatus.of(ctx, s));
        cgroups.write(dir.resolve("cgroup.freeze"), "1");
        assertEquals(Status.PAUSED, ContainerStatus.of(ctx, s));
    }

    @Test
    void aStoppedContainerIsStoppedEvenIfFrozen() throws IOException {
        Path dir = tmp.resolve("unified/c1");
        cgroups.mkdir(dir);
        cgroups.write(dir.resolve("cgroup.freeze"), "1");
        ContainerState s = withCgroup(CgroupMode.UNIFIED, Map.of("unified", dir.toString()));
        assertEquals(Status.STOPPED, ContainerStatus.of(ctx, s));
    }

    @Test
    void aHybridContainerIsPausedByItsV1Freezer() throws IOException {
        Path freezer = tmp.resolve("freezer/c1");
        Path unified = tmp.resolve("unified/c1");
        cgroups.mkdir(freezer);
        cgroups.mkdir(unified);
        cgroups.write(freezer.resolve("freezer.state"), "FROZEN");
        proc.process(4242, 'S', 777);
        ContainerState s = withCgroup(CgroupMode.HYBRID, Map.of("freezer", freezer.toString(), "unified", unified.toString()));
        assertEquals(Status.PAUSED, ContainerStatus.of(ctx, s));
    }

    @Test
    void viewOfAPausedContainer() {
        ContainerView paused = ContainerView.of(state, Status.PAUSED);
        assertEquals(4242, paused.pid());
        assertEquals("paused", paused.status().specName());
    }
}
