package io.jrun.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.cgroup.CgroupStats;
import io.jrun.error.ContainerNotFoundException;
import io.jrun.error.InvalidStateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ps and events on the Sandbox's v1 host: the container's one directory holds every controller's files. */
class ObserveContainerTest {
    @TempDir
    Path tmp;

    private Sandbox box;
    private Thread streaming;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<CgroupStats> stats = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        box = new Sandbox(tmp);
    }

    @AfterEach
    void stopStreaming() throws InterruptedException {
        if (streaming != null) {
            streaming.interrupt();
            streaming.join(5000);
        }
    }

    private void files(String... namesAndContents) {
        try {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                Files.writeString(box.cgroupDir("c1").resolve(namesAndContents[i]), namesAndContents[i + 1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), "timed out waiting for " + what);
    }

    private void stream(Duration interval) {
        streaming = Thread.ofVirtual().start(() -> new ObserveContainer(box.ctx).stream("c1", interval,
                new ObserveContainer.EventSink() {
                    @Override
                    public void stats(CgroupStats s) {
                        stats.add(s);
                        events.add("stats");
                    }

                    @Override
                    public void oom() {
                        events.add("oom");
                    }
                }));
    }

    @Test
    void pidsOfARunningContainer() {
        box.existing("c1", false, true, true);
        files("cgroup.procs", Sandbox.INIT + "\n4300\n");
        assertEquals(List.of(Sandbox.INIT, 4300), new ObserveContainer(box.ctx).pids("c1"));
    }

    @Test
    void statsOfARunningContainer() {
        box.existing("c1", false, true, true);
        files("memory.usage_in_bytes", "4096\n", "pids.current", "2\n", "pids.max", "10\n", "cpuacct.usage", "5000\n");
        CgroupStats s = new ObserveContainer(box.ctx).stats("c1");
        assertEquals(4096, s.memory().usage().usage());
        assertEquals(new CgroupStats.Pids(2, 10), s.pids());
        assertEquals(5000, s.cpu().usage().total());
    }

    @Test
    void aStoppedContainerHasNoPidsNorStats() {
        box.existing("c1", false, false, true);
        assertEquals(List.of(), new ObserveContainer(box.ctx).pids("c1"), "as runc's ps: no rows, no error");
        assertEquals("container not running",
                assertThrows(InvalidStateException.class, () -> new ObserveContainer(box.ctx).stats("c1")).getMessage());
        assertThrows(ContainerNotFoundException.class, () -> new ObserveContainer(box.ctx).stats("nope"));
    }

    @Test
    void streamEmitsStatsAndAnOomEventPerKillUntilTheStateIsRemoved() throws InterruptedException {
        box.existing("c1", false, true, true);
        // two kills before the stream starts are not news
        files("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n", "memory.usage_in_bytes", "4096\n");
        stream(Duration.ofMillis(20));
        await(() -> stats.size() >= 2, "two stats");
        assertEquals(4096, stats.getFirst().memory().usage().usage());
        assertFalse(events.contains("oom"));

        files("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n");
        await(() -> events.contains("oom"), "an oom event");
        files("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 5\n");
        await(() -> events.stream().filter("oom"::equals).count() == 3, "two more oom events");

        box.store.remove("c1");
        streaming.join(5000);
        assertFalse(streaming.isAlive(), "the stream ends with the container's state");
        assertEquals(3, events.stream().filter("oom"::equals).count());
    }

    @Test
    void streamEndsWhenTheContainerStops() throws InterruptedException {
        box.existing("c1", false, true, true);
        stream(Duration.ofSeconds(5));
        await(() -> stats.size() == 1, "the first stats at once");
        box.proc.kill(Sandbox.INIT);
        streaming.join(5000);
        assertFalse(streaming.isAlive());
        assertEquals(List.of("stats"), events, "one stats in 5 s, no oom");
    }

    @Test
    void anOomKillThatStopsTheContainerIsStillReported() throws InterruptedException {
        box.existing("c1", false, true, true);
        files("memory.oom_control", "oom_kill 0\n");
        stream(Duration.ofSeconds(5));
        await(() -> stats.size() == 1, "the first stats");
        // init killed by the OOM killer: the counter and the death are seen in the same instant
        files("memory.oom_control", "oom_kill 1\n");
        box.proc.kill(Sandbox.INIT);
        streaming.join(5000);
        assertEquals(List.of("stats", "oom"), events);
    }

    @Test
    void aStoppedContainerStreamsNothing() throws InterruptedException {
        box.existing("c1", false, false, true);
        stream(Duration.ofMillis(10));
        streaming.join(5000);
        assertFalse(streaming.isAlive());
        assertEquals(List.of(), events);
    }
}
