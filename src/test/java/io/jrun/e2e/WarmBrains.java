package io.jrun.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The warm brains of the jrun under test (any user's), found by their command line. */
final class WarmBrains {
    private WarmBrains() {}

    static List<Integer> running() {
        String home = "-Djrun.home=" + Jrun.BINARY.getParent().getParent();
        List<Integer> pids = new ArrayList<>();
        for (int pid : Host.processesMentioning("io.jrun.cli.warm.WarmBrain")) {
            try {
                String cmdline = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
                if (List.of(cmdline.split("\0")).contains(home)) {
                    pids.add(pid);
                }
            } catch (IOException e) {
                // gone meanwhile
            }
        }
        return pids;
    }

    /**
     * Stops the brains whose directory is below dir (a test's own brain directory, a rootless
     * test's runtime dir), found by their command line, which names it (a brain still starting has
     * no pid file yet), and waits until they are gone: one still warming up would write into the
     * tree while it is removed.
     */
    static void stopUnder(Path dir) {
        List<Integer> pids = new ArrayList<>();
        for (int pid : Host.processesMentioning("io.jrun.cli.warm.WarmBrain")) {
            try {
                String cmdline = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
                if (List.of(cmdline.split("\0")).stream().anyMatch(arg -> arg.startsWith(dir + "/"))) {
                    pids.add(pid);
                }
            } catch (IOException e) {
                // gone
            }
        }
        stop(pids);
    }

    static void stopAll() {
        stop(running());
    }

    /**
     * SIGTERM, as a user would stop one: a brain then removes the parent cgroups it was about to
     * (DeferredParents). SIGKILL after 5 s; returns once they are gone.
     */
    private static void stop(List<Integer> pids) {
        for (int pid : pids) {
            Host.sh("kill -TERM " + pid + " 2>/dev/null || true");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (int pid : pids) {
            while (Host.alive(pid) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (Host.alive(pid)) {
                Host.sh("kill -KILL " + pid + " 2>/dev/null || true");
                Host.waitUntil("warm brain " + pid + " is gone", () -> !Host.alive(pid));
            }
        }
    }
}
