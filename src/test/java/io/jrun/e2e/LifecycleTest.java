package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** create / start / state / kill / delete, run and list, as a caller drives them. */
class LifecycleTest extends ContainerTest {

    /** A container that marks in a host directory when its program starts, then sleeps. */
    private Bundle markingBundle(Path out) throws Exception {
        Files.createDirectories(out);
        return bundle().mount("/out", "bind", out.toString(), "bind")
                .sh("echo started > /out/marker; exec sleep 1000").write();
    }

    @Test
    void createWaitsForStartAndStateFollowsEveryStep() throws Exception {
        Path out = testDir.resolve("out");
        Bundle b = markingBundle(out);
        String id = newId();
        Path pidFile = testDir.resolve("init.pid");

        Jrun.Result created = jrun.run("create", "--bundle", b.dir.toString(), "--pid-file", pidFile.toString(), id);
        assertEquals(0, created.exitCode(), created.toString());
        String pidText = Files.readString(pidFile);
        assertTrue(pidText.matches("[0-9]+"), "pid file holds digits only, no newline: '" + pidText + "'");
        int pid = Integer.parseInt(pidText);

        JsonNode s = state(id);
        assertEquals("created", s.get("status").asText());
        assertEquals(pid, s.get("pid").asInt());
        assertEquals(id, s.get("id").asText());
        assertEquals(b.dir.toString(), s.get("bundle").asText());
        assertEquals("1.3.0", s.get("ociVersion").asText());
        // Namespaces exist, the user's program has not begun, and init is the native shim, not a JVM.
        assertTrue(Host.alive(pid));
        assertFalse(Files.exists(out.resolve("marker")), "the program must not run before start");
        // (its sealed in-memory copy of jrun's native binary, so nothing inside can reach the host file)
        assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString()).startsWith("/memfd:jrun");
        assertArrayEquals(Files.readAllBytes(Jrun.BINARY.toRealPath()), Files.readAllBytes(Path.of("/proc/" + pid + "/exe")));
        assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/pid")))
                .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")));

        Jrun.Result started = jrun.run("start", id);
        assertEquals(0, started.exitCode(), started.toString());
        Host.waitUntil("the program started", () -> Files.exists(out.resolve("marker")));
        assertEquals("running", status(id));
        assertEquals(pid, state(id).get("pid").asInt());

        assertEquals(0, jrun.run("kill", id, "KILL").exitCode());
        Host.waitUntil("init died", () -> !Host.alive(pid));
        JsonNode stopped = state(id);
        assertEquals("stopped", stopped.get("status").asText());
        assertEquals(0, stopped.get("pid").asInt());

        Jrun.Result deleted = jrun.run("delete", id);
        assertEquals(0, deleted.exitCode(), deleted.toString());
        assertNoStateDir(id);
        assertOneErrorLine(jrun.run("state", id), "container does not exist");
    }

    @ParameterizedTest
    @CsvSource({"TERM,term", "SIGUSR1,usr1", "hup,hup", "12,usr2"})
    void killDeliversSignalsGivenByNameOrNumber(String signal, String expected) throws Exception {
        Path out = Files.createDirectories(testDir.resolve("out"));
        Bundle b = bundle().mount("/out", "bind", out.toString(), "bind")
                .sh("for s in TERM USR1 HUP USR2; do trap \"echo $s > /out/got; exit 0\" $s; done;"
                        + " touch /out/ready; while true; do sleep 0.05; done").write();
        String id = newId();
        assertEquals(0, jrun.run("run", "--detach", "--bundle", b.dir.toString(), id).exitCode());
        Host.waitUntil("the traps are set", () -> Files.exists(out.resolve("ready")));
        Jrun.Result r = jrun.run("kill", id, signal);
        assertEquals(0, r.exitCode(), r.toString());
        // `echo > got` makes the file before it writes the name: wait for the name
        Host.waitUntil("the signal arrived", () -> Host.canRead(out.resolve("got")));
        assertEquals(expected.toUpperCase(), Files.readString(out.resolve("got")).strip());
        Host.waitUntil("the container stopped", () -> status(id).equals("stopped"));
    }

    @Test
    void killAllReachesEveryProcess() {
        Bundle b = bundle().sh("sleep 1000 & sleep 1000 & wait").write();
        String id = newId();
        assertEquals(0, jrun.run("run", "--detach", "--bundle", b.dir.toString(), id).exitCode());
        int init = state(id).get("pid").asInt();
        Host.waitUntil("both sleeps run", () -> Host.sh("pgrep -P " + init + " | wc -l").strip().equals("2"));
        List<Integer> children = Host.sh("pgrep -P " + init).lines().map(String::strip).map(Integer::parseInt).toList();
        Jrun.Result r = jrun.run("kill", "--all", id, "9");
        assertEquals(0, r.exitCode(), r.toString());
        for (int pid : children) {
            Host.waitUntil("child " + pid + " died", () -> !Host.alive(pid));
        }
        Host.waitUntil("init died", () -> !Host.alive(init));
    }

    @ParameterizedTest
    @CsvSource({"exit 0,0", "exit 3,3", "exit 255,255"})
    void runExitsWithTheContainersStatus(String script, int code) {
        Bundle b = bundle().sh(script).write();
        String id = newId();
        Jrun.Result r = jrun.run("run", "--bundle", b.dir.toString(), id);
        assertEquals(code, r.exitCode(), r.toString());
        assertNoStateDir(id);
    }

    @Test
    void runReports137WhenTheContainerIsKilled() throws Exception {
        Bundle b = bundle().args("sleep", "1000").write();
        String id = newId();
        Process run = jrun.start("run", "--bundle", b.dir.toString(), id);
        Host.waitUntil("the container runs", () -> jrun.run("state", id).stdout().contains("\"running\""));
        assertEquals(0, jrun.run("kill", id, "SIGKILL").exitCode());
        assertTrue(run.waitFor(20, TimeUnit.SECONDS), "run should return after the kill");
        assertEquals(137, run.exitValue());
        assertNoStateDir(id);
    }

    @Test
    void runForwardsSignalsToTheContainer() throws Exception {
        Path out = Files.createDirectories(testDir.resolve("out"));
        Bundle b = bundle().mount("/out", "bind", out.toString(), "bind")
                .sh("trap 'echo term > /out/got; exit 7' TERM; touch /out/ready; while true; do sleep 0.05; done").write();
        String id = newId();
        Process run = jrun.start("run", "--bundle", b.dir.toString(), id);
        Host.waitUntil("the trap is set", () -> Files.exists(out.resolve("ready")));
        run.toHandle().destroy(); // SIGTERM to jrun itself
        assertTrue(run.waitFor(20, TimeUnit.SECONDS));
        assertEquals(7, run.exitValue(), "the container got SIGTERM and exited 7");
        assertEquals("term", Files.readString(out.resolve("got")).strip());
    }

    @Test
    void runDetachLeavesTheContainerRunning() {
        Bundle b = bundle().args("sleep", "1000").write();
        String id = newId();
        Jrun.Result r = jrun.run("run", "-d", "--bundle", b.dir.toString(), id);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("running", status(id));
        Jrun.Result refused = jrun.run("delete", id);
        assertOneErrorLine(refused, "cannot delete container " + id + " that is not stopped: running");
        assertEquals(0, jrun.run("delete", "--force", id).exitCode());
        assertNoStateDir(id);
    }

    @Test
    void deleteOfACreatedContainerKillsIt() {
        Bundle b = bundle().args("sleep", "1000").write();
        String id = newId();
        assertEquals(0, jrun.run("create", "--bundle", b.dir.toString(), id).exitCode());
        int pid = state(id).get("pid").asInt();
        assertEquals(0, jrun.run("delete", id).exitCode());
        Host.waitUntil("init is gone", () -> !Host.alive(pid));
        assertNoStateDir(id);
    }

    @Test
    void listShowsContainersAsTableAndJson() throws Exception {
        Bundle b = bundle().args("sleep", "1000").write();
        String one = newId();
        String two = newId();
        assertEquals(0, jrun.run("create", "--bundle", b.dir.toString(), one).exitCode());
        assertEquals(0, jrun.run("run", "-d", "--bundle", b.dir.toString(), two).exitCode());

        List<String> table = jrun.run("list").stdout().lines().toList();
        assertThat(table.get(0)).matches("ID\\s+PID\\s+STATUS\\s+BUNDLE\\s+CREATED\\s+OWNER");
        assertThat(table).hasSize(3);
        assertThat(String.join("\n", table)).contains(one).contains(two).contains("created").contains("running");

        JsonNode json = Bundle.JSON.readTree(jrun.run("list", "--format", "json").stdout());
        assertTrue(json.isArray());
        assertEquals(2, json.size());
        for (JsonNode c : json) {
            String expected = c.get("id").asText().equals(one) ? "created" : "running";
            assertEquals(expected, c.get("status").asText());
            assertEquals("root", c.get("owner").asText());
        }
        assertEquals(List.of(one, two).stream().sorted().toList(), jrun.run("list", "-q").stdout().lines().toList());
    }

    @Test
    void versionHasRuncsLayout() {
        List<String> lines = jrun.run("--version").stdout().lines().toList();
        assertThat(lines.get(0)).startsWith("jrun version ");
        assertThat(lines.get(1)).startsWith("commit: ");
        assertEquals("spec: 1.3.0", lines.get(2));
    }

    @Test
    void processesThatDiedOutsideJrunShowStoppedAndDeleteCleansUp() throws IOException {
        Bundle b = bundle().sh("sleep 1000 & exec sleep 1000").write();
        String id = newId();
        assertEquals(0, jrun.run("run", "-d", "--bundle", b.dir.toString(), id).exitCode());
        int pid = state(id).get("pid").asInt();
        Host.sh("kill -9 " + pid);
        Host.waitUntil("init died", () -> !Host.alive(pid));
        assertEquals("stopped", status(id));
        assertOneErrorLine(jrun.run("kill", id, "TERM"), "container not running");
        // as runc: --all with nothing left to signal succeeds, and ps lists nothing
        Jrun.Result all = jrun.run("kill", "--all", id, "KILL");
        assertEquals(0, all.exitCode(), all.toString());
        Jrun.Result ps = jrun.run("ps", "--format", "json", id);
        assertEquals(0, ps.exitCode(), ps.toString());
        assertEquals(0, Bundle.JSON.readTree(ps.stdout()).size(), ps.stdout());
        Jrun.Result r = jrun.run("delete", id);
        assertEquals(0, r.exitCode(), r.toString());
        assertNoStateDir(id);
        for (Host.Hierarchy h : Host.cgroupHierarchies()) {
            assertFalse(Files.exists(h.dir("jrun/" + id)), "cgroup removed in " + h.mountPoint());
        }
    }

    @Test
    void aReusedPidIsNeverTakenForTheContainer() throws Exception {
        Bundle b = bundle().args("sleep", "1000").write();
        String id = newId();
        assertEquals(0, jrun.run("run", "-d", "--bundle", b.dir.toString(), id).exitCode());
        int pid = state(id).get("pid").asInt();
        // Pretend init died and its pid now belongs to another process: same pid, other start time.
        Path stateFile = jrun.root().resolve(id).resolve("state.json");
        ObjectNode saved = (ObjectNode) Bundle.JSON.readTree(stateFile.toFile());
        long realStart = saved.get("pidStartTime").asLong();
        saved.put("pidStartTime", realStart + 1);
        Files.writeString(stateFile, Bundle.JSON.writeValueAsString(saved));

        assertEquals("stopped", status(id));
        assertOneErrorLine(jrun.run("kill", id, "KILL"), "container not running");
        assertTrue(Host.alive(pid), "the process that only shares the pid must not be signalled");

        saved.put("pidStartTime", realStart);
        Files.writeString(stateFile, Bundle.JSON.writeValueAsString(saved));
        assertEquals("running", status(id));
    }

    @Test
    void concurrentCommandsDoNotCorruptState() throws Exception {
        Bundle b = bundle().args("sleep", "1000").write();
        String id = newId();
        assertEquals(0, jrun.run("run", "-d", "--bundle", b.dir.toString(), id).exitCode());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Jrun.Result>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                results.add(pool.submit(() -> jrun.run("state", id)));
                if (i == 6) {
                    results.add(pool.submit(() -> jrun.run("delete", "--force", id)));
                }
            }
            for (Future<Jrun.Result> f : results) {
                Jrun.Result r = f.get(60, TimeUnit.SECONDS);
                if (r.exitCode() == 0) {
                    // state printed whole JSON, or delete succeeded with no output
                    if (!r.stdout().isEmpty()) {
                        assertThat(Bundle.JSON.readTree(r.stdout()).get("id").asText()).isEqualTo(id);
                    }
                } else {
                    assertOneErrorLine(r, "container does not exist");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertNoStateDir(id);
    }

    @Test
    void jsonLogFileHasTheErrorAsContainerdReadsIt() throws Exception {
        Path log = testDir.resolve("log.json");
        Jrun.Result r = jrun.run("--log", log.toString(), "--log-format", "json", "state", "no-such-container");
        assertOneErrorLine(r, "container does not exist");
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode entry = Bundle.JSON.readTree(line);
            assertThat(entry.get("level").asText()).isIn("debug", "info", "warning", "error");
            java.time.Instant.parse(entry.get("time").asText()); // RFC 3339
        }
        JsonNode last = Bundle.JSON.readTree(lines.getLast());
        assertEquals("error", last.get("level").asText());
        assertEquals("state no-such-container: container does not exist", last.get("msg").asText());
    }

    @Test
    void specWritesRuncsDefaultsAndRefusesToOverwrite() throws Exception {
        Path dir = Files.createDirectory(testDir.resolve("spec"));
        Jrun.Result r = jrun.runIn(dir, "spec");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode config = Bundle.JSON.readTree(dir.resolve("config.json").toFile());
        assertEquals("1.3.0", config.get("ociVersion").asText());
        assertTrue(config.at("/process/terminal").asBoolean());
        assertEquals("sh", config.at("/process/args/0").asText());
        assertEquals("rootfs", config.at("/root/path").asText());
        assertTrue(config.at("/root/readonly").asBoolean());
        assertThat(config.at("/linux/namespaces").toString()).contains("pid").contains("mount").contains("network");
        String before = Files.readString(dir.resolve("config.json"));
        assertOneErrorLine(jrun.runIn(dir, "spec"), "config.json exists");
        assertEquals(before, Files.readString(dir.resolve("config.json")), "the existing config is untouched");
    }

    @Test
    void runKeepLeavesTheStoppedContainer() {
        Bundle b = bundle().sh("exit 3").write();
        String id = newId();
        assertEquals(3, jrun.run("run", "--keep", "--bundle", b.dir.toString(), id).exitCode());
        assertEquals("stopped", status(id));
        assertEquals(0, jrun.run("delete", id).exitCode());
        assertNoStateDir(id);
    }

    @Test
    void signalZeroOnlyChecksTheContainer() {
        Bundle b = bundle().args("sleep", "1000").write();
        String id = newId();
        assertEquals(0, jrun.run("run", "-d", "--bundle", b.dir.toString(), id).exitCode());
        assertEquals(0, jrun.run("kill", id, "0").exitCode());
        assertEquals("running", status(id));
    }

    @Test
    void pidFileIsReadableByOthers() throws Exception {
        Bundle b = bundle().args("sleep", "1000").write();
        Path pidFile = testDir.resolve("init.pid");
        assertEquals(0, jrun.run("create", "--bundle", b.dir.toString(), "--pid-file", pidFile.toString(), newId()).exitCode());
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(pidFile)));
    }

    @Test
    void preservedDescriptorsReachTheContainer() throws Exception {
        Bundle b = bundle().sh("cat /proc/self/fd/3; ls /proc/self/fd | sort -n | tr '\\n' ' '").write();
        Path secret = Files.writeString(testDir.resolve("passed"), "through fd 3\n");
        String id = newId();
        // fd 3 is passed on; fd 4 is open in the caller too, but not asked for.
        String out = Host.sh("exec 3<" + secret + " 4<" + secret + "; " + Jrun.BINARY + " --root " + jrun.root()
                + " run --preserve-fds 1 --bundle " + b.dir + " " + id);
        assertThat(out).startsWith("through fd 3\n");
        assertThat(out.lines().toList().getLast().strip()).isEqualTo("0 1 2 3 4");
        assertOneErrorLine(jrun.run("run", "--preserve-fds", "2", "--bundle", b.dir.toString(), newId()),
                "file descriptor 3 is not open");
    }

    @Test
    void anExecThatFailsAfterStartReportsItLikeAShell() throws Exception {
        Bundle b = bundle().args("/s.sh").write();
        Path script = Files.writeString(b.rootfs.resolve("s.sh"), "echo no interpreter line\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Jrun.Result r = jrun.run("run", "--bundle", b.dir.toString(), newId());
        assertEquals(126, r.exitCode(), r.toString());
        assertEquals("jrun: exec /s.sh: exec format error", r.stderr().strip());
    }
}
