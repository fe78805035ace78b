package io.jrun.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.state.ContainerState;
import io.jrun.state.Status;
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
    private final ContainerState state = new ContainerState("1.3.0", "c1", 4242, 777, "/b", "/b/rootfs",
            "2025-01-01T00:00:00Z", 0, Map.of(), List.of(), List.of(), true);

    @BeforeEach
    void setUp() {
        proc = new ProcTree(tmp.resolve("proc"));
        fifo = tmp.resolve("exec.fifo");
    }

    @Test
    void createdWhileInitWaitsOnTheFifo() throws IOException {
        proc.process(4242, 'S', 777);
        Files.createFile(fifo);
        assertEquals(Status.CREATED, ContainerStatus.of(state, proc.root(), fifo));
    }

    @Test
    void runningOnceTheFifoIsGone() {
        proc.process(4242, 'R', 777);
        assertEquals(Status.RUNNING, ContainerStatus.of(state, proc.root(), fifo));
        assertTrue(ContainerStatus.isAlive(state, proc.root()));
    }

    @Test
    void aReusedPidIsAnotherProcess() throws IOException {
        proc.process(4242, 'S', 778);
        Files.createFile(fifo);
        assertEquals(Status.STOPPED, ContainerStatus.of(state, proc.root(), fifo));
        assertFalse(ContainerStatus.isAlive(state, proc.root()));
    }

    @Test
    void aZombieIsStopped() {
        proc.process(4242, 'Z', 777);
        assertEquals(Status.STOPPED, ContainerStatus.of(state, proc.root(), fifo));
    }

    @Test
    void aMissingProcessIsStopped() throws IOException {
        Files.createFile(fifo);
        assertEquals(Status.STOPPED, ContainerStatus.of(state, proc.root(), fifo));
    }

    @Test
    void viewOfAStoppedContainerHasNoPid() {
        ContainerView stopped = ContainerView.of(state, Status.STOPPED);
        assertEquals(0, stopped.pid());
        assertEquals(4242, ContainerView.of(state, Status.RUNNING).pid());
        assertEquals("stopped", stopped.status().specName());
    }
}
