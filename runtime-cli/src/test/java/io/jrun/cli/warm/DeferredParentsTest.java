package io.jrun.cli.warm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.cgroup.CgroupFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On plain directories, which rmdir like cgroups: an empty one goes, one with a child stays. */
class DeferredParentsTest {
    @TempDir
    Path tmp;

    @Test
    void releasedParentsStayUntilTheDelayHasPassedWithoutAnotherRelease() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("cpu/jrun"));
        Path b = Files.createDirectories(tmp.resolve("memory/jrun"));
        DeferredParents parents = new DeferredParents(CgroupFs.KERNEL, Duration.ofMillis(300));
        parents.release(List.of(a));
        Thread.sleep(200);
        parents.release(List.of(b));
        Thread.sleep(200);
        assertTrue(Files.isDirectory(a), "kept: another release came within the delay");
        assertTrue(Files.isDirectory(b));
        waitUntilGone(a);
        waitUntilGone(b);
    }

    @Test
    void aParentInUseAgainIsKeptAndTriedAgainAfterTheNextDelete() throws Exception {
        Path parent = Files.createDirectories(tmp.resolve("pids/ns"));
        Path c2 = Files.createDirectory(parent.resolve("c2")); // a container made meanwhile, not by it
        DeferredParents parents = new DeferredParents(CgroupFs.KERNEL, Duration.ofMillis(100));
        parents.release(List.of(parent));
        parents.flush();
        assertTrue(Files.isDirectory(c2));
        Files.delete(c2); // c2's delete, which made no parent of its own
        parents.release(List.of());
        waitUntilGone(parent);
    }

    @Test
    void flushRemovesWhatIsPendingAtOnceDeepestFirst() throws IOException {
        Path outer = Files.createDirectories(tmp.resolve("cpu/a"));
        Path inner = Files.createDirectories(outer.resolve("jrun"));
        DeferredParents parents = new DeferredParents(CgroupFs.KERNEL, Duration.ofDays(1));
        parents.release(List.of(outer, inner));
        assertTrue(Files.isDirectory(inner));
        parents.flush();
        assertFalse(Files.exists(outer));
    }

    private static void waitUntilGone(Path p) throws InterruptedException {
        for (int i = 0; i < 100 && Files.exists(p); i++) {
            Thread.sleep(20);
        }
        assertFalse(Files.exists(p), p + " removed after the delay");
    }
}
