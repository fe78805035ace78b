package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrun.e2e.ClientCommand.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debian's containerd 1.6 and its runc shim driving jrun in runc's place: `ctr run --runc-binary`.
 * The daemon is the test's own (config, root, state and socket in a temp dir), never the machine's.
 */
class ContainerdTest {
    private static final String NAMESPACE = "jrun-e2e";
    private static Path dir;
    private static Process daemon;
    private final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void startContainerd() throws Exception {
        assumeTrue(Host.isRoot(), "containerd runs as root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/containerd")), "containerd is not installed (scripts/install-deps.sh --tests)");
        dir = Files.createTempDirectory(E2eDirs.base(), "containerd");
        Files.writeString(dir.resolve("config.toml"), """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                disabled_plugins = ["io.containerd.grpc.v1.cri"]
                [grpc]
                  address = "%1$s/containerd.sock"
                [ttrpc]
                  address = "%1$s/containerd.sock.ttrpc"
                """.formatted(dir));
        daemon = new ProcessBuilder("containerd", "--config", dir.resolve("config.toml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile()).start();
        Host.waitUntil("containerd serves", () -> {
            try {
                return Files.exists(dir.resolve("containerd.sock")) && ctr("version").exitCode() == 0;
            } catch (RuntimeException e) {
                return false;
            }
        });
        Result imported = ctr("images", "import", TestImage.dockerArchive().toString());
        assertEquals(0, imported.exitCode(), imported.toString());
    }

    @AfterAll
    static void stopContainerd() throws Exception {
        if (daemon == null) {
            return;
        }
        daemon.destroy();
        if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
        }
        // the shims outlive containerd by design: ours are those started with our socket
        for (int pid : Host.processesMentioning(dir.resolve("containerd.sock").toString())) {
            Host.sh("kill -9 " + pid + " || true");
        }
        E2eDirs.removeTree(dir);
        for (Host.Hierarchy h : Host.cgroupHierarchies()) {
            // the parent jrun made for the namespace goes with its last container (from the warm
            // brain, a moment after it)
            assertTrue(Host.eventually(() -> !Files.exists(h.dir(NAMESPACE)), 3000), "cgroup " + h.dir(NAMESPACE) + " left behind");
        }
    }

    @AfterEach
    void removeContainers() {
        List<String> left = new ArrayList<>();
        for (String id : containers) {
            if (ctr("tasks", "ls", "-q").stdout().lines().anyMatch(id::equals)) {
                ctr("tasks", "kill", "-s", "SIGKILL", id);
                Host.waitUntil("task " + id + " stopped", () -> !taskStatus(id).equals("RUNNING"));
                ctr("tasks", "delete", id);
            }
            if (ctr("containers", "ls", "-q").stdout().lines().anyMatch(id::equals)) {
                ctr("containers", "rm", id);
            }
            if (!Host.processesMentioning(id).isEmpty()) {
                left.add("processes of " + id);
            }
            if (Files.exists(dir.resolve("jrun-state").resolve(id))) {
                left.add("jrun's state of " + id);
            }
        }
        assertEquals(List.of(), left, "left behind after the test");
    }

    private String newId() {
        String id = "c" + Long.toHexString(System.nanoTime());
        containers.add(id);
        return id;
    }

    /** ctr run with jrun as the runc binary. */
    private static List<String> run(String... rest) {
        List<String> args = new ArrayList<>(List.of("run", "--runc-binary", Jrun.BINARY.toString(),
                "--runc-root", dir.resolve("jrun-state").toString()));
        args.addAll(List.of(rest));
        return args;
    }

    static Result ctr(String... args) {
        return ctr(List.of(args));
    }

    static Result ctr(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("ctr", "--address", dir.resolve("containerd.sock").toString(),
                "--namespace", NAMESPACE));
        cmd.addAll(args);
        return exec(cmd);
    }

    static Result exec(List<String> cmd) {
        return ClientCommand.run(cmd, Map.of(), dir);
    }

    private static String taskStatus(String id) {
        return ctr("tasks", "ls").stdout().lines().filter(l -> l.startsWith(id + " ")).map(l -> l.trim().split("\\s+")[2])
                .findFirst().orElse("");
    }

    private static int taskPid(String id) {
        return ctr("tasks", "ls").stdout().lines().filter(l -> l.startsWith(id + " ")).map(l -> l.trim().split("\\s+")[1])
                .mapToInt(Integer::parseInt).findFirst().orElseThrow();
    }

    @Test
    void aTaskRunsToCompletionWithItsOutputAndExitCode() throws Exception {
        Result r = ctr(run("--rm", TestImage.REF, newId(), "sh", "-c", "echo hello from jrun; readlink /proc/self/ns/pid; exit 3"));
        assertEquals(3, r.exitCode(), r.toString());
        List<String> lines = r.stdout().lines().toList();
        assertEquals("hello from jrun", lines.get(0));
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(), lines.get(1), "its own pid namespace");
    }

    @Test
    void aDetachedTaskTakesExecPsPauseResumeKillAndDelete() {
        String id = newId();
        Result started = ctr(run("-d", TestImage.REF, id, "sleep", "300"));
        assertEquals(0, started.exitCode(), started.toString());
        assertEquals("RUNNING", taskStatus(id));
        int pid = taskPid(id);
        // init is in the cgroup containerd asked for, /<namespace>/<id>
        assertThat(Host.sh("cat /proc/" + pid + "/cgroup")).contains(":/" + NAMESPACE + "/" + id + "\n");

        Result exec = ctr("tasks", "exec", "--exec-id", "e1", id, "sh", "-c", "echo exec output; echo $$; exit 4");
        assertEquals(4, exec.exitCode(), exec.toString());
        assertEquals("exec output", exec.stdout().lines().findFirst().orElse(""));
        Result ps = ctr("tasks", "ps", id);
        assertEquals(0, ps.exitCode(), ps.toString());
        assertThat(ps.stdout()).contains(Integer.toString(pid));

        assertEquals(0, ctr("tasks", "pause", id).exitCode());
        assertEquals("PAUSED", taskStatus(id));
        assertEquals(0, ctr("tasks", "resume", id).exitCode());
        assertEquals("RUNNING", taskStatus(id));
        assertEquals(0, ctr("tasks", "exec", "--exec-id", "e2", id, "true").exitCode(), "exec after resume");

        assertEquals(0, ctr("tasks", "kill", "-s", "SIGKILL", id).exitCode());
        Host.waitUntil("the task stops", () -> taskStatus(id).equals("STOPPED"));
        assertEquals(0, ctr("tasks", "delete", id).exitCode());
        assertEquals(0, ctr("containers", "rm", id).exitCode());
        assertFalse(Host.alive(pid));
        assertFalse(Files.exists(dir.resolve("jrun-state").resolve(id)), "jrun's state of " + id + " is gone");
    }

    @Test
    void killAllSignalsEveryProcess() {
        String id = newId();
        // sh stays init (pid 1 ignores SIGTERM): the task ends only if its children get the signal too
        assertEquals(0, ctr(run("-d", TestImage.REF, id, "sh", "-c", "sleep 300 & sleep 301; echo")).exitCode());
        assertEquals(0, ctr("tasks", "kill", "--all", "-s", "SIGTERM", id).exitCode());
        Host.waitUntil("the task stops", () -> taskStatus(id).equals("STOPPED"));
        assertEquals(0, ctr("tasks", "delete", id).exitCode());
    }

    @Test
    void aTerminalSession() {
        // ctr -t needs a terminal of its own: script(1) gives it one
        List<String> cmd = new ArrayList<>(List.of("ctr", "--address", dir.resolve("containerd.sock").toString(),
                "--namespace", NAMESPACE));
        cmd.addAll(run("--rm", "-t", TestImage.REF, newId(), "sh", "-c", "tty; echo $TERM; exit 5"));
        Result r = exec(ClientCommand.inTerminal(cmd));
        assertEquals(5, r.exitCode(), r.toString());
        assertThat(r.stdout()).contains("/dev/pts/0").contains("xterm");
    }

    @Test
    void aMemoryLimitedTaskIsInItsLimit() {
        String id = newId();
        Result started = ctr(run("-d", "--memory-limit", Long.toString(64L << 20), TestImage.REF, id, "sleep", "300"));
        assertEquals(0, started.exitCode(), started.toString());
        int pid = taskPid(id);
        String memory = Host.cgroupV2Only()
                ? Host.sh("cat /sys/fs/cgroup/" + NAMESPACE + "/" + id + "/memory.max")
                : Host.sh("cat /sys/fs/cgroup/memory/" + NAMESPACE + "/" + id + "/memory.limit_in_bytes");
        assertEquals(Long.toString(64L << 20), memory.strip());
        assertThat(Host.sh("cat /proc/" + pid + "/cgroup")).contains("/" + NAMESPACE + "/" + id);
    }

    @Test
    void jrunsErrorReachesTheCaller() {
        Result r = ctr(run("--rm", TestImage.REF, newId(), "/nonexistent"));
        assertNotEquals(0, r.exitCode());
        assertThat(r.stderr()).contains("OCI runtime create failed").contains("exec: \"/nonexistent\"")
                .contains("no such file or directory");
    }
}
