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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debian's podman 4.3 with conmon driving jrun: `podman --runtime jrun`, cgroupfs manager. Podman's
 * storage, run and tmp dirs and its containers.conf are the test's own. Podman passes jrun no global
 * flags, so jrun keeps its state in its default root, /run/jrun, as runc does in /run/runc.
 */
class PodmanTest {
    private static final String IMAGE = "localhost/" + TestImage.NAME;
    private static final Path JRUN_ROOT = Path.of("/run/jrun");
    private static Path dir;
    /** cgroups podman makes for itself (conmon's), removed at the end if they were not there before. */
    private static final List<Path> podmanCgroups = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        assumeTrue(Host.isRoot(), "podman runs as root here");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/podman")), "podman is not installed (scripts/install-deps.sh --tests)");
        try {
            // not below E2eDirs.base(): podman refuses a runroot longer than 50 characters
            dir = Files.createTempDirectory("jrun-pm");
            for (Host.Hierarchy h : Host.cgroupHierarchies()) {
                Path parent = h.dir("/libpod_parent");
                if (!Files.exists(parent)) {
                    podmanCgroups.add(parent.resolve("conmon"));
                    podmanCgroups.add(parent);
                }
            }
            // This host's hard open-files limit is below podman's default (1048576), which no
            // runtime may raise without CAP_SYS_RESOURCE: the defaults follow the caller's limits.
            long nofile = hardLimit("Max open files");
            long nproc = Math.min(32768, hardLimit("Max processes"));
            Files.writeString(dir.resolve("containers.conf"), """
                    [containers]
                    default_ulimits = ["nofile=%d:%d", "nproc=%d:%d"]
                    netns = "none"
                    [engine]
                    events_logger = "file"
                    cgroup_manager = "cgroupfs"
                    """.formatted(nofile, nofile, nproc, nproc));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Result loaded = podman("load", "-i", TestImage.dockerArchive().toString());
        assertEquals(0, loaded.exitCode(), loaded.toString());
    }

    /** This process's hard limit, as /proc shows it (children inherit it). */
    private static long hardLimit(String name) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith(name)) {
                String hard = line.substring(name.length()).trim().split("\\s+")[1];
                return hard.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(hard);
            }
        }
        throw new IllegalStateException("no " + name + " in /proc/self/limits");
    }

    @AfterAll
    static void tearDown() {
        if (dir == null) {
            return;
        }
        podman("rm", "--all", "--force", "--time", "0");
        podman("system", "reset", "--force");
        for (int pid : Host.processesMentioning(dir.toString())) {
            Host.sh("kill -9 " + pid + " || true");
        }
        for (Path cgroup : podmanCgroups) {
            Host.sh("rmdir '" + cgroup + "' 2>/dev/null || true");
        }
        E2eDirs.removeTree(dir);
    }

    @AfterEach
    void removeContainers() {
        List<String> left = new ArrayList<>();
        for (String name : names) {
            Result inspect = podman("inspect", "--format", "{{.Id}}", name);
            if (inspect.exitCode() == 0) {
                String id = inspect.stdout().strip();
                podman("rm", "--force", "--time", "0", name);
                // conmon / the shim may take a moment to go after rm returns
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!Host.processesMentioning(id).isEmpty() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                if (!Host.processesMentioning(id).isEmpty()) {
                    left.add("processes of " + id);
                }
                if (Files.exists(JRUN_ROOT.resolve(id))) {
                    left.add("jrun's state of " + id);
                }
            }
        }
        assertEquals(List.of(), left, "left behind after the test");
    }

    private static List<String> podmanCommand(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("podman", "--root", dir.resolve("storage").toString(),
                "--runroot", dir.resolve("run").toString(), "--tmpdir", dir.resolve("tmp").toString(),
                "--network-config-dir", dir.resolve("networks").toString(), "--storage-driver", "vfs",
                "--cgroup-manager", "cgroupfs", "--events-backend", "file", "--runtime", Jrun.BINARY.toString()));
        cmd.addAll(args);
        return cmd;
    }

    private static Map<String, String> environment() {
        return Map.of("CONTAINERS_CONF", dir.resolve("containers.conf").toString());
    }

    static Result podman(String... args) {
        return ClientCommand.run(podmanCommand(List.of(args)), environment(), dir);
    }

    private String newName() {
        String name = "p" + Long.toHexString(System.nanoTime());
        names.add(name);
        return name;
    }

    private static String id(String name) {
        return podman("inspect", "--format", "{{.Id}}", name).stdout().strip();
    }

    @Test
    void runRemovesItsContainerAndGivesBackOutputAndExitCode() throws Exception {
        String name = newName();
        Result r = podman("run", "--rm", "--name", name, IMAGE, "sh", "-c",
                "echo hello from jrun; readlink /proc/self/ns/pid; cat /proc/self/cgroup; ulimit -n; exit 3");
        assertEquals(3, r.exitCode(), r.toString());
        List<String> lines = r.stdout().lines().toList();
        assertEquals("hello from jrun", lines.get(0));
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(), lines.get(1), "its own pid namespace");
        assertThat(r.stdout()).containsPattern(":/libpod_parent/libpod-[0-9a-f]{64}\n");
        assertEquals(Long.toString(hardLimit("Max open files")), lines.getLast(), "the open-files limit from containers.conf");
        assertNotEquals(0, podman("inspect", name).exitCode(), "--rm removed it");
    }

    @Test
    void aDetachedContainerTakesExecPauseAndStop() {
        String name = newName();
        // a shell as pid 1 ends on SIGTERM only if it traps it: exit 7 shows that stop's signal arrived
        Result started = podman("run", "-d", "--name", name, "--memory", "48m", IMAGE, "sh", "-c",
                "trap 'exit 7' TERM; while true; do sleep 0.1; done");
        assertEquals(0, started.exitCode(), started.toString());
        String id = started.stdout().strip();
        assertEquals(id, id(name));
        int pid = Integer.parseInt(podman("inspect", "--format", "{{.State.Pid}}", name).stdout().strip());
        assertTrue(Host.alive(pid));
        assertTrue(Files.isDirectory(JRUN_ROOT.resolve(id)), "jrun's state in its default root");
        String memory = Host.cgroupV2Only()
                ? Host.sh("cat /sys/fs/cgroup/libpod_parent/libpod-" + id + "/memory.max")
                : Host.sh("cat /sys/fs/cgroup/memory/libpod_parent/libpod-" + id + "/memory.limit_in_bytes");
        assertEquals(Long.toString(48L << 20), memory.strip());

        Result exec = podman("exec", name, "sh", "-c", "echo exec output; cat /proc/1/cmdline; exit 4");
        assertEquals(4, exec.exitCode(), exec.toString());
        assertThat(exec.stdout()).startsWith("exec output\n").contains("trap 'exit 7' TERM");
        Result detachedExec = podman("exec", "-d", name, "sleep", "30");
        assertEquals(0, detachedExec.exitCode(), detachedExec.toString());
        assertThat(podman("top", name).stdout()).contains("sleep 30");

        assertEquals(0, podman("pause", name).exitCode());
        assertEquals("paused", podman("inspect", "--format", "{{.State.Status}}", name).stdout().strip());
        assertEquals(0, podman("unpause", name).exitCode());
        assertEquals(0, podman("exec", name, "true").exitCode(), "exec after unpause");

        Result stopped = podman("stop", "--time", "10", name);
        assertEquals(0, stopped.exitCode(), stopped.toString());
        assertEquals("7", podman("inspect", "--format", "{{.State.ExitCode}}", name).stdout().strip());
        assertFalse(Host.alive(pid));
        assertEquals(0, podman("rm", name).exitCode());
        assertFalse(Files.exists(JRUN_ROOT.resolve(id)), "jrun's state is gone after rm");
    }

    @Test
    void killEndsAContainerWithTheSignal() {
        String name = newName();
        assertEquals(0, podman("run", "-d", "--name", name, IMAGE, "sleep", "300").exitCode());
        assertEquals(0, podman("kill", name).exitCode());
        Result waited = podman("wait", name);
        assertEquals("137", waited.stdout().strip(), waited.toString());
    }

    @Test
    void aTerminalSessionAndATerminalExec() {
        String name = newName();
        Result r = ClientCommand.run(ClientCommand.inTerminal(podmanCommand(List.of("run", "--rm", "-t", "--name", name,
                IMAGE, "sh", "-c", "tty; echo $TERM; exit 5"))), environment(), dir);
        assertEquals(5, r.exitCode(), r.toString());
        assertThat(r.stdout()).contains("/dev/pts/0").contains("xterm");

        String other = newName();
        assertEquals(0, podman("run", "-d", "--name", other, IMAGE, "sleep", "300").exitCode());
        Result exec = ClientCommand.run(ClientCommand.inTerminal(podmanCommand(List.of("exec", "-t", other,
                "sh", "-c", "tty; exit 6"))), environment(), dir);
        assertEquals(6, exec.exitCode(), exec.toString());
        assertThat(exec.stdout()).contains("/dev/pts/");
    }

    @Test
    void jrunsErrorReachesTheCaller() {
        Result r = podman("run", "--rm", "--name", newName(), IMAGE, "/nonexistent");
        assertEquals(127, r.exitCode(), r.toString());
        assertThat(r.stderr()).contains("exec: \"/nonexistent\"").contains("no such file or directory");
    }
}
