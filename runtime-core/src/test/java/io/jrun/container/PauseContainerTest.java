package io.jrun.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jrun.cgroup.CgroupMode;
import io.jrun.error.ContainerNotFoundException;
import io.jrun.error.InvalidStateException;
import io.jrun.state.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pause and resume on the Sandbox's v1 host (freezer.state) and on v2 (cgroup.freeze, cgroup.events). */
class PauseContainerTest {
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

    private Path freezerState(String id) {
        return box.cgroupDir(id).resolve("freezer.state");
    }

    @Test
    void pauseFreezesARunningContainer() throws IOException {
        box.existing("c1", false, true, true);
        new PauseContainer(box.ctx).pause("c1");
        assertEquals("FROZEN", Files.readString(freezerState("c1")));
        assertEquals(List.of("freezer.state=FROZEN"), box.cgroups.writes(box.cgroupDir("c1")));
        assertEquals(Status.PAUSED, status("c1"));
        assertEquals(0, box.posix.openLocks);
    }

    @Test
    void aCreatedContainerCanBePaused() {
        box.existing("c1", true, true, true);
        new PauseContainer(box.ctx).pause("c1");
        assertEquals(Status.PAUSED, status("c1"));
    }

    @Test
    void pauseOfAStoppedContainer() {
        box.existing("c1", false, false, true);
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> new PauseContainer(box.ctx).pause("c1"));
        assertEquals("container not running", e.getMessage());
        assertEquals(List.of(), box.cgroups.writes, "nothing written");
        assertEquals(0, box.posix.openLocks);
    }

    @Test
    void pauseOfAPausedContainer() throws IOException {
        box.existing("c1", false, true, true);
        box.cgroups.write(freezerState("c1"), "FROZEN");
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> new PauseContainer(box.ctx).pause("c1"));
        assertEquals("container already paused", e.getMessage());
    }

    @Test
    void resumeThawsAPausedContainer() throws IOException {
        box.existing("c1", false, true, true);
        box.cgroups.write(freezerState("c1"), "FROZEN");
        assertEquals(Status.PAUSED, status("c1"));
        new PauseContainer(box.ctx).resume("c1");
        assertEquals("THAWED", Files.readString(freezerState("c1")));
        assertEquals(Status.RUNNING, status("c1"));
        assertEquals(0, box.posix.openLocks);
    }

    @Test
    void resumeOfARunningContainer() {
        box.existing("c1", false, true, true);
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> new PauseContainer(box.ctx).resume("c1"));
        assertEquals("container not paused", e.getMessage());
        assertEquals(List.of(), box.cgroups.writes);
    }

    @Test
    void resumeOfAStoppedContainer() {
        box.existing("c1", false, false, true);
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> new PauseContainer(box.ctx).resume("c1"));
        assertEquals("container not paused", e.getMessage());
    }

    @Test
    void aMissingContainer() {
        assertThrows(ContainerNotFoundException.class, () -> new PauseContainer(box.ctx).pause("nope"));
        assertThrows(ContainerNotFoundException.class, () -> new PauseContainer(box.ctx).resume("nope"));
    }

    @Test
    void pauseAndResumeOnCgroupV2() throws IOException {
        box = new Sandbox(tmp.resolve("v2"), CgroupMode.UNIFIED);
        box.existing("c1", false, true, true);
        Path dir = box.cgroupDir("c1");

        new PauseContainer(box.ctx).pause("c1");
        assertEquals("1", Files.readString(dir.resolve("cgroup.freeze")));
        assertEquals(Status.PAUSED, status("c1"));

        new PauseContainer(box.ctx).resume("c1");
        assertEquals("0", Files.readString(dir.resolve("cgroup.freeze")));
        assertEquals(Status.RUNNING, status("c1"));
        assertEquals(List.of("cgroup.freeze=1", "cgroup.freeze=0"), box.cgroups.writes(dir));
    }
}
