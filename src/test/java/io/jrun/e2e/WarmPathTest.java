package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warm path: commands handed to a resident brain over its socket. Each test has its own brain
 * directory (JRUN_WARM_DIR), so that the brains it starts, kills and watches are its own.
 */
class WarmPathTest extends ContainerTest {
    private static final Pattern SERVED_BY = Pattern.compile("served by (the warm brain|a cold brain) \\(pid (\\d+)\\)");
    private Path warmDir;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void warmDir() throws IOException {
        warmDir = Files.createTempDirectory(E2eDirs.base(), "warm");
        Files.setPosixFilePermissions(warmDir, PosixFilePermissions.fromString("rwx------"));
        env.put("JRUN_WARM_DIR", warmDir.toString());
    }

    @AfterEach
    void stopBrains() {
        WarmBrains.stopUnder(warmDir);
        E2eDirs.removeTree(warmDir);
    }

    /** Brains whose pid file is in our directory. */
    private List<Integer> brainPids() {
        List<Integer> pids = new ArrayList<>();
        try (var files = Files.newDirectoryStream(warmDir, "*.pid")) {
            for (Path f : files) {
                int pid = Integer.parseInt(Files.readString(f).strip());
                // alive, and a brain: the pid of a stale pid file may be someone else's by now
                if (Host.alive(pid) && Host.processesMentioning("io.jrun.cli.warm.WarmBrain").contains(pid)) {
                    pids.add(pid);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // none
        }
        return pids;
    }

    private Jrun.Result j(String... args) {
        return jrun.exec(null, null, env, args);
    }

    /** Which brain answered a --debug command: "warm" or "cold", and its pid. */
    private static String[] servedBy(Jrun.Result r) {
        Matcher m = SERVED_BY.matcher(r.stderr());
        assertTrue(m.find(), "no 'served by' debug line: " + r);
        return new String[] {m.group(1).startsWith("the warm") ? "warm" : "cold", m.group(2)};
    }

    /** The brain the first command started in the background, once it serves. */
    private int awaitBrain() {
        try {
            Host.waitUntil("a warm brain serves in " + warmDir, () -> brainPids().size() == 1
                    && Host.sh("ls " + warmDir).contains(".sock"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + Host.sh("ls -la " + warmDir + "; cat " + warmDir + "/*.log || true"), e);
        }
        return brainPids().getFirst();
    }

    private String sleepingContainer() {
        String id = newId();
        Bundle b = bundle().args("sleep", "1000").write();
        Jrun.Result created = j("create", "--bundle", b.dir.toString(), id);
        assertEquals(0, created.exitCode(), created.toString());
        return id;
    }

    private static String statusIn(Jrun.Result state) {
        try {
            return Bundle.JSON.readTree(state.stdout()).get("status").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String ppidOf(int pid) {
        String stat = Host.sh("cat /proc/" + pid + "/stat");
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1];
    }

    @Test
    void theDefaultParentCgroupIsKeptThroughABurstAndRemovedAMomentAfter() throws IOException {
        Path parent = Host.cgroupHierarchies().getFirst().dir("jrun");
        // another brain's parents go within its delay; containers of others would keep it
        assumeTrue(Host.eventually(() -> !Files.isDirectory(parent), 3000), "other containers use " + parent);
        assertEquals(0, j("list").exitCode());
        awaitBrain();

        String a = sleepingContainer();
        Object made = Files.getAttribute(parent, "unix:ino");
        long t0 = System.nanoTime();
        assertEquals(0, j("delete", "--force", a).exitCode());
        String b = sleepingContainer();
        long gapMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        if (gapMs < 250) { // the brain's delay (DeferredParents.DELAY): b found a's parent
            assertEquals(made, Files.getAttribute(parent, "unix:ino"), "the parent made for " + a + " kept for " + b);
        }
        assertEquals(0, j("delete", "--force", b).exitCode());
        Host.waitUntil(parent + " removed after the last container", () -> !Files.isDirectory(parent));

        Map<String, String> cold = new HashMap<>(env);
        cold.put("JRUN_WARM", "0");
        String c = newId();
        Bundle bc = bundle().args("true").write();
        assertEquals(0, jrun.exec(null, null, cold, "create", "--bundle", bc.dir.toString(), c).exitCode());
        assertTrue(Files.isDirectory(parent.resolve(c)));
        assertEquals(0, jrun.exec(null, null, cold, "delete", "--force", c).exitCode());
        assertFalse(Files.exists(parent), "a cold jrun removes the emptied parent at once");
    }

    @Test
    void theFirstCommandStartsABrainThatServesTheNextOnes() {
        Jrun.Result first = j("--debug", "list");
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals("cold", servedBy(first)[0], "nothing warm yet");
        int brain = awaitBrain();

        String id = sleepingContainer();
        Jrun.Result state = j("--debug", "state", id);
        assertEquals(0, state.exitCode(), state.toString());
        assertEquals(List.of("warm", Integer.toString(brain)), List.of(servedBy(state)));
        assertEquals("created", statusIn(state));

        int init = Integer.parseInt(state(id).get("pid").asText());
        // the container's init was made by the front, the caller's child: never the brain's
        assertNotEquals(Integer.toString(brain), ppidOf(init));
        // the brain is in no caller's session nor cgroup
        assertNotEquals(Host.sh("ps -o sid= -p " + ProcessHandle.current().pid()).strip(),
                Host.sh("ps -o sid= -p " + brain).strip());
        for (String line : Host.sh("cat /proc/" + brain + "/cgroup").strip().split("\n")) {
            assertThat(line).endsWith(":/");
        }

        assertEquals(0, j("start", id).exitCode());
        assertEquals("running", status(id));
        Jrun.Result killed = j("--debug", "kill", id, "KILL");
        assertEquals(0, killed.exitCode(), killed.toString());
        assertEquals("warm", servedBy(killed)[0]);
        Host.waitUntil("init ends", () -> !Host.alive(init));
        assertEquals(0, j("delete", id).exitCode());
        assertNoStateDir(id);
    }

    @Test
    void warmAndColdCommandsSeeTheSameContainers() {
        j("list");
        awaitBrain();
        String id = sleepingContainer();
        Map<String, String> cold = new HashMap<>(env);
        cold.put("JRUN_WARM", "0");
        Jrun.Result state = jrun.exec(null, null, cold, "--debug", "state", id);
        assertEquals("cold", servedBy(state)[0]);
        assertEquals("created", statusIn(state));
        assertEquals(0, jrun.exec(null, null, cold, "start", id).exitCode());
        Jrun.Result warm = j("--debug", "state", id);
        assertEquals("warm", servedBy(warm)[0]);
        assertEquals("running", statusIn(warm));
        assertEquals(0, jrun.exec(null, null, cold, "delete", "--force", id).exitCode());
        assertEquals(1, j("state", id).exitCode(), "the warm brain sees it gone");
    }

    @Test
    void killingTheBrainLosesNoContainer() {
        j("list");
        int brain = awaitBrain();
        String id = sleepingContainer();
        assertEquals(0, j("start", id).exitCode());
        Host.sh("kill -KILL " + brain);
        // gone, not only a zombie leader: its other threads hold its lock until they have exited
        Host.waitUntil("the brain is gone", () -> !Files.exists(Path.of("/proc/" + brain)));

        Jrun.Result state = j("--debug", "state", id);
        assertEquals(0, state.exitCode(), state.toString());
        assertEquals("cold", servedBy(state)[0], "a dead brain's socket sends the front the cold way");
        assertEquals("running", statusIn(state));
        int next = awaitBrain();
        assertNotEquals(brain, next, "a new brain started");
        assertEquals(List.of("warm", Integer.toString(next)), List.of(servedBy(j("--debug", "state", id))));
        assertEquals(0, j("delete", "--force", id).exitCode());
        assertNoStateDir(id);
    }

    /** `jrun events` streaming about a running container through the warm brain, once it has said something. */
    private Process streamingEvents(String id) throws IOException {
        assertEquals(0, j("start", id).exitCode());
        List<String> cmd = List.of(Jrun.BINARY.toString(), "--root", jrun.root().toString(), "events", "--interval", "100ms", id);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        Process events = pb.start();
        var out = new BufferedReader(new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).contains("\"type\":\"stats\"");
        return events;
    }

    @Test
    void aCallerDyingMidCommandLeavesTheBrainServing() throws Exception {
        j("list");
        int brain = awaitBrain();
        String id = sleepingContainer();
        Process events = streamingEvents(id);
        events.destroyForcibly(); // SIGKILL to the front, mid-stream
        events.waitFor(10, TimeUnit.SECONDS);

        assertTrue(Host.alive(brain));
        assertEquals(List.of("warm", Integer.toString(brain)), List.of(servedBy(j("--debug", "state", id))));
        assertEquals(0, j("delete", "--force", id).exitCode());
    }

    @Test
    void aBrainKilledMidCommandEndsOnlyThatCommand() throws Exception {
        j("list");
        int brain = awaitBrain();
        String id = sleepingContainer();
        Process events = streamingEvents(id);
        Host.sh("kill -KILL " + brain);
        assertTrue(events.waitFor(10, TimeUnit.SECONDS));
        assertEquals(1, events.exitValue());
        assertThat(new String(events.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("jrun: internal error: the warm Java brain closed the connection without an answer");
        assertEquals("running", status(id), "the container did not notice");
        assertEquals(0, j("delete", "--force", id).exitCode());
    }

    @Test
    void jrunWarm0KeepsEveryCommandCold() {
        env.put("JRUN_WARM", "0");
        for (int i = 0; i < 2; i++) {
            assertEquals("cold", servedBy(j("--debug", "list"))[0]);
        }
        assertEquals(List.of(), brainPids());
        assertEquals("", Host.sh("ls -A " + warmDir).strip(), "no brain was even started");
    }

    @Test
    void theBrainLeavesWhenIdle() {
        env.put("JRUN_WARM_IDLE", "1");
        j("list");
        int brain = awaitBrain();
        Host.waitUntil("the idle brain leaves", () -> !Host.alive(brain));
        assertFalse(Host.sh("ls " + warmDir).contains(".sock"), "its socket is gone");
        assertFalse(Host.sh("ls " + warmDir).contains(".pid"), "its pid file is gone");
        assertEquals("cold", servedBy(j("--debug", "list"))[0]);
    }

    @Test
    void otherUsersAreRefusedBothWays() throws Exception {
        // nobody's own brain, in a directory of nobody's
        Path theirs = warmDir.resolve("nobody");
        Files.createDirectories(theirs);
        Host.sh("chown 65534:65534 " + theirs + " && chmod 700 " + theirs + " && chmod 711 " + warmDir + " "
                + E2eDirs.base() + " " + testDir);
        Jrun nobody = Jrun.asUser(65534, 65534, theirs, testDir);
        Jrun.Result started = nobody.exec(null, null, Map.of("JRUN_WARM_DIR", theirs.toString()), "list");
        assertEquals(0, started.exitCode(), started.toString());
        // its pid file comes just after its socket
        Host.waitUntil("nobody's brain serves", () -> Host.sh("ls " + theirs).contains(".sock")
                && Host.sh("ls " + theirs).lines().anyMatch(f -> f.endsWith(".pid")));
        int theirBrain = Integer.parseInt(Host.sh("cat " + theirs + "/*.pid").strip());
        try {
            // root's front will not use a directory that is not root's
            env.put("JRUN_WARM_DIR", theirs.toString());
            Jrun.Result r = j("--debug", "list");
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals("cold", servedBy(r)[0]);
            assertTrue(Host.alive(theirBrain));

            // and nobody's brain answers no one but nobody: a HELLO from root gets no word back
            Path socket = Path.of(Host.sh("ls " + theirs + "/*.sock").strip());
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                ByteBuffer answer = ByteBuffer.allocate(64);
                int read;
                try {
                    ch.write(ByteBuffer.wrap(hello("--version")));
                    read = ch.read(answer);
                } catch (IOException e) {
                    read = -1; // broken pipe or reset: closed before or without reading our HELLO
                }
                assertEquals(-1, read, "the brain closed the connection without answering");
            }
            Host.waitUntil("the refusal is logged", () -> Host.sh("cat " + theirs + "/*.log").contains("refused a connection from user root"));
        } finally {
            Host.sh("kill -KILL " + theirBrain + " || true");
        }
    }

    /** A front's HELLO message (docs/shim-protocol.md): version, cwd, uid, gid, pid; argv; env. */
    private static byte[] hello(String... argv) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        record(body, 1, "1", "/", "0", "0", Long.toString(ProcessHandle.current().pid()));
        record(body, 6, argv);
        record(body, 7);
        ByteBuffer msg = ByteBuffer.allocate(4 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
        msg.putInt(body.size()).put(body.toByteArray());
        return msg.array();
    }

    private static void record(ByteArrayOutputStream out, int op, String... fields) {
        ByteBuffer b = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putShort((short) op).putInt(fields.length);
        out.writeBytes(b.array());
        for (String f : fields) {
            byte[] bytes = f.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
    }
}
