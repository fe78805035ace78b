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
     * Kills the brains whose directory is below dir (a rootless test's runtime dir), and waits until
     * they are gone: one still warming up would write into the tree while it is removed.
     */
    static void stopUnder(Path dir) {
        for (String pidFile : Host.sh("find '" + dir + "' -path '*/jrun-warm/*.pid' 2>/dev/null || true").split("\n")) {
            if (pidFile.isBlank()) {
                continue;
            }
            String pid = Host.sh("cat '" + pidFile + "' 2>/dev/null || true").strip();
            if (!pid.matches("\\d+")) {
                continue;
            }
            String cmdline;
            try {
                cmdline = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue; // gone
            }
            if (!cmdline.contains("io.jrun.cli.warm.WarmBrain") || !cmdline.contains(dir.toString())) {
                continue; // a stale pid file; the pid is someone else's now
            }
            Host.sh("kill -KILL " + pid + " 2>/dev/null || true");
            Host.waitUntil("warm brain " + pid + " is gone", () -> !Files.exists(Path.of("/proc/" + pid)));
        }
    }

    /** Stops them (the test run must leave no process behind); SIGTERM first, so they tidy up. */
    static void stopAll() {
        List<Integer> pids = running();
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
            }
        }
    }
}
