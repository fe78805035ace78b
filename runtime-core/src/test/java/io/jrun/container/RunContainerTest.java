package io.jrun.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jrun.error.SyscallException;
import io.jrun.front.ExitStatus;
import io.jrun.state.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunContainerTest {
    @TempDir
    Path tmp;

    private Sandbox box;

    @BeforeEach
    void setUp() {
        box = new Sandbox(tmp);
        box.spawnSucceeds();
    }

    @Test
    void detachedRunLeavesARunningContainer() {
        assertEquals(0, new RunContainer(box.ctx).run(box.request("c1"), true));
        assertEquals(Status.RUNNING, new QueryContainers(box.ctx).state("c1").status());
        assertEquals(List.of(), box.front.waited);
    }

    @Test
    void foregroundRunWaitsReportsAndDeletes() {
        box.front.exitStatus = new ExitStatus(true, 9);
        assertEquals(137, new RunContainer(box.ctx).run(box.request("c1"), false));
        assertEquals(List.of(Sandbox.INIT), box.front.waited);
        assertFalse(Files.exists(box.store.dir("c1")));
        assertFalse(Files.exists(box.cgroupDir("c1")));
    }

    @Test
    void exitCodeIsPassedThrough() {
        box.front.exitStatus = new ExitStatus(false, 3);
        assertEquals(3, new RunContainer(box.ctx).run(box.request("c1"), false));
    }

    @Test
    void failedCreateLeavesNothing() {
        box.spawnFailsAt("mount \"proc\" on /proc", 13, 0);
        assertThrows(SyscallException.class, () -> new RunContainer(box.ctx).run(box.request("c1"), false));
        assertFalse(Files.exists(box.store.dir("c1")));
        assertEquals(List.of(), box.front.waited);
    }
}
