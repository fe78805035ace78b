package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrun.e2e.ClientCommand.Result;
import java.io.IOException;
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
 * Debian's Docker 20.10 with jrun added as a runtime (`dockerd --add-runtime jrun=...`, `docker run
 * --runtime jrun`). The daemon is the test's own: data-root, exec-root, pid file and socket in a temp
 * dir, no iptables, no bridge. Every container docker makes carries its libnetwork-setkey prestart
 * hook, which jrun must run.
 */
class DockerTest {
    private static final String DOCKER = "/usr/bin/docker";
    private static Path dir;
    private static Process daemon;
    private final List<String> names = new ArrayList<>();

    @BeforeAll
    static void startDockerd() throws Exception {
        assumeTrue(Host.isRoot(), "dockerd runs as root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/dockerd")) && Files.isExecutable(Path.of(DOCKER)),
                "docker.io is not installed (scripts/install-deps.sh --tests)");
        dir = Files.createTempDirectory(E2eDirs.base(), "docker");
        Files.writeString(dir.resolve("daemon.json"), "{}");
        daemon = new ProcessBuilder("/usr/sbin/dockerd", "--config-file", dir.resolve("daemon.json").toString(),
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(), "-H", "unix://" + dir.resolve("docker.sock"),
                "--add-runtime", "jrun=" + Jrun.BINARY, "--iptables=false", "--ip6tables=false", "--bridge=none",
                "--ip-forward=false", "--ip-masq=false")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(dir.resolve("docker.sock")) && docker("version").exitCode() == 0)) {
            if (System.nanoTime() > deadline || !daemon.isAlive()) {
                throw new AssertionError("dockerd did not start:\n" + Files.readString(dir.resolve("dockerd.log")));
            }
            Thread.sleep(100);
        }
        Result loaded = docker("load", "-i", TestImage.dockerArchive().toString());
        assertEquals(0, loaded.exitCode(), loaded.toString());
    }

    @AfterAll
    static void stopDockerd() throws Exception {
        if (daemon == null) {
            return;
        }
        daemon.destroy();
        if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
        }
        // dockerd's containerd and shims are ours if they mention our dir
        for (int pid : Host.processesMentioning(dir.toString())) {
            Host.sh("kill -9 " + pid + " || true");
        }
        E2eDirs.removeTree(dir);
    }

    @AfterEach
    void removeContainers() {
        List<String> left = new ArrayList<>();
        for (String name : names) {
            Result inspect = docker("inspect", "--format", "{{.Id}}", name);
            if (inspect.exitCode() == 0) {
                String id = inspect.stdout().strip();
                docker("rm", "--force", name);
                // conmon / the shim may take a moment to go after rm returns
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!Host.processesMentioning(id).isEmpty() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                if (!Host.processesMentioning(id).isEmpty()) {
                    left.add("processes of " + id);
                }
                if (Files.exists(jrunState(id))) {
                    left.add("jrun's state of " + id);
                }
            }
        }
        assertEquals(List.of(), left, "left behind after the test");
    }

    /** Where docker's containerd shim tells jrun to keep its state (its --root). */
    private static Path jrunState(String id) {
        return dir.resolve("exec/runtime-runc/moby").resolve(id);
    }

    private static List<String> dockerCommand(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(DOCKER, "-H", "unix://" + dir.resolve("docker.sock")));
        cmd.addAll(args);
        return cmd;
    }

    static Result docker(String... args) {
        // the client's own config dir, not root's ~/.docker
        return ClientCommand.run(dockerCommand(List.of(args)), Map.of("DOCKER_CONFIG", dir.resolve("client").toString()), dir);
    }

    private String newName() {
        String name = "d" + Long.toHexString(System.nanoTime());
        names.add(name);
        return name;
    }

    private List<String> run(String... rest) {
        List<String> args = new ArrayList<>(List.of("run", "--runtime", "jrun", "--network", "none"));
        args.addAll(List.of(rest));
        return args;
    }

    private static String inspect(String format, String name) {
        return docker("inspect", "--format", format, name).stdout().strip();
    }

    private static String hostMemoryLimit(String id) {
        return Host.cgroupV2Only()
                ? Host.sh("cat /sys/fs/cgroup/docker/" + id + "/memory.max").strip()
                : Host.sh("cat /sys/fs/cgroup/memory/docker/" + id + "/memory.limit_in_bytes").strip();
    }

    @Test
    void runGivesBackOutputAndExitCode() throws Exception {
        String name = newName();
        Result r = docker(run("--rm", "--name", name, TestImage.NAME, "sh", "-c",
                "echo hello from jrun; readlink /proc/self/ns/pid; cat /proc/self/cgroup; exit 3").toArray(String[]::new));
        assertEquals(3, r.exitCode(), r.toString());
        List<String> lines = r.stdout().lines().toList();
        assertEquals("hello from jrun", lines.get(0));
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(), lines.get(1), "its own pid namespace");
        assertThat(r.stdout()).containsPattern(":/docker/[0-9a-f]{64}\n");
        assertNotEquals(0, docker("inspect", name).exitCode(), "--rm removed it");
    }

    @Test
    void aDetachedContainerTakesExecUpdatePauseAndStop() {
        String name = newName();
        // a shell as pid 1 ends on SIGTERM only if it traps it: exit 7 shows that stop's signal arrived
        Result started = docker(run("-d", "--name", name, TestImage.NAME, "sh", "-c",
                "trap 'exit 7' TERM; while true; do sleep 0.1; done").toArray(String[]::new));
        assertEquals(0, started.exitCode(), started.toString());
        String id = started.stdout().strip();
        int pid = Integer.parseInt(inspect("{{.State.Pid}}", name));
        assertTrue(Host.alive(pid));
        assertTrue(Files.isDirectory(jrunState(id)), "jrun's state where the shim asked");
        assertEquals("jrun", inspect("{{.HostConfig.Runtime}}", name));

        Result exec = docker("exec", name, "sh", "-c", "echo exec output; cat /proc/1/cmdline; exit 4");
        assertEquals(4, exec.exitCode(), exec.toString());
        assertThat(exec.stdout()).startsWith("exec output\n").contains("trap 'exit 7' TERM");
        assertThat(docker("top", name).stdout()).contains("while true");

        Result updated = docker("update", "--memory", "64m", "--memory-swap", "128m", name);
        assertEquals(0, updated.exitCode(), updated.toString());
        assertEquals(Long.toString(64L << 20), hostMemoryLimit(id));
        Result seen = docker("exec", name, "sh", "-c", "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null"
                + " || cat /sys/fs/cgroup/memory.max");
        assertEquals(Long.toString(64L << 20), seen.stdout().strip(), "the container sees its new limit");

        assertEquals(0, docker("pause", name).exitCode());
        assertEquals("paused", inspect("{{.State.Status}}", name));
        assertEquals(0, docker("unpause", name).exitCode());
        assertEquals(0, docker("exec", name, "true").exitCode(), "exec after unpause");

        Result stopped = docker("stop", "--time", "10", name);
        assertEquals(0, stopped.exitCode(), stopped.toString());
        assertEquals("7", inspect("{{.State.ExitCode}}", name));
        assertFalse(Host.alive(pid));
        assertEquals(0, docker("rm", name).exitCode());
        assertFalse(Files.exists(jrunState(id)), "jrun's state is gone after rm");
    }

    @Test
    void runWithAMemoryLimitAndForcedRemoval() {
        String name = newName();
        Result started = docker(run("-d", "--name", name, "--memory", "32m", TestImage.NAME, "sleep", "300")
                .toArray(String[]::new));
        assertEquals(0, started.exitCode(), started.toString());
        String id = started.stdout().strip();
        assertEquals(Long.toString(32L << 20), hostMemoryLimit(id));
        int pid = Integer.parseInt(inspect("{{.State.Pid}}", name));
        assertEquals(0, docker("rm", "--force", name).exitCode());
        assertFalse(Host.alive(pid));
        assertFalse(Files.exists(jrunState(id)));
    }

    @Test
    void aTerminalSession() {
        List<String> cmd = dockerCommand(run("--rm", "-t", "--name", newName(), TestImage.NAME, "sh", "-c",
                "tty; echo $TERM; exit 5"));
        Result r = ClientCommand.run(ClientCommand.inTerminal(cmd), Map.of("DOCKER_CONFIG", dir.resolve("client").toString()), dir);
        assertEquals(5, r.exitCode(), r.toString());
        assertThat(r.stdout()).contains("/dev/pts/0").contains("xterm");
    }

    @Test
    void jrunsErrorReachesTheCaller() {
        Result r = docker(run("--rm", "--name", newName(), TestImage.NAME, "/nonexistent").toArray(String[]::new));
        assertEquals(127, r.exitCode(), r.toString());
        assertThat(r.stderr()).contains("OCI runtime create failed").contains("exec: \"/nonexistent\"")
                .contains("no such file or directory");
    }
}
