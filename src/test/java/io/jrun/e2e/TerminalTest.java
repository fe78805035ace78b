package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * process.terminal: the pty handed to the caller's --console-socket, or relayed to the caller's
 * own terminal by a foreground run or exec (raw mode meanwhile, window size kept in step).
 */
class TerminalTest extends ContainerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String PROMPT = "/ # ";

    private final List<Pty> ptys = new ArrayList<>();
    private final List<ConsoleSocket> sockets = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();
    private Path shortDir;

    /** Runs before the base class's cleanUp: hang up every pty, let jrun go, close the sockets. */
    @AfterEach
    void closeTerminals() throws Exception {
        ptys.forEach(Pty::close); // a hang-up: SIGHUP for the sessions on them
        for (Process p : started) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        sockets.forEach(ConsoleSocket::close);
        if (shortDir != null) {
            E2eDirs.removeTree(shortDir);
        }
    }

    /** A bundle whose process has a terminal of consoleSize 25x90. */
    private Bundle terminalBundle(String... args) {
        Bundle b = bundle().args(args);
        b.process().put("terminal", true);
        ObjectNode size = b.process().putObject("consoleSize");
        size.put("height", 25);
        size.put("width", 90);
        return b.write();
    }

    private Pty newPty() {
        Pty p = Pty.open();
        ptys.add(p);
        return p;
    }

    private Pty received(ConsoleSocket s) {
        Pty p = s.receive(WAIT);
        ptys.add(p);
        return p;
    }

    /** A listening console socket at a path that fits sun_path (108 bytes). */
    private ConsoleSocket consoleSocket() throws IOException {
        Path path = testDir.resolve("console.sock");
        if (path.toString().length() > 100) {
            shortDir = Files.createTempDirectory(Path.of("/tmp"), "jt");
            path = shortDir.resolve("c.sock");
        }
        ConsoleSocket s = ConsoleSocket.listen(path);
        sockets.add(s);
        return s;
    }

    private Process startOn(Pty pty, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Jrun.BINARY.toString(), "--root", jrun.root().toString()));
        cmd.addAll(List.of(args));
        Process p = pty.startInSession(cmd);
        started.add(p);
        return p;
    }

    private static int exitOf(Process p, Pty pty) throws InterruptedException {
        assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "jrun did not exit; the terminal showed:\n" + pty.transcript());
        return p.exitValue();
    }

    private static boolean canonicalEcho(int[] termios) {
        return (termios[3] & (Libc.ICANON | Libc.ECHO)) == (Libc.ICANON | Libc.ECHO);
    }

    private static boolean raw(int[] termios) {
        return (termios[3] & (Libc.ICANON | Libc.ECHO)) == 0;
    }

    private String runningDetached(Bundle b) {
        String id = newId();
        Jrun.Result r = jrun.run("run", "-d", "--bundle", b.write().dir.toString(), id);
        assertEquals(0, r.exitCode(), r.toString());
        return id;
    }

    // --- the caller's terminal, relayed by a foreground run or exec

    @Test
    void foregroundRunRelaysTheCallersTerminalInRawModeAndFollowsItsWindowSize() throws Exception {
        Bundle b = terminalBundle("sh");
        Pty pty = newPty();
        int[] before = pty.peerTermios();
        assertTrue(canonicalEcho(before), "a new pty starts canonical with echo");
        String id = newId();
        Process jrunRun = startOn(pty, "run", "--bundle", b.dir.toString(), id);

        pty.expect(PROMPT, WAIT);
        assertTrue(raw(pty.peerTermios()), "the caller's terminal is in raw mode while the container runs");
        pty.write("tty; stty size\r");
        pty.expect("/dev/pts/0", WAIT);
        // The caller's pty reports no size (0x0), so consoleSize stays.
        pty.expect("25 90", WAIT);
        pty.expect(PROMPT, WAIT);

        pty.resize(40, 120); // SIGWINCH for jrun, the foreground of this pty's session
        Thread.sleep(300);
        pty.write("stty size\r");
        pty.expect("40 120", WAIT);
        pty.expect(PROMPT, WAIT);

        pty.write("exit 5\r");
        assertEquals(5, exitOf(jrunRun, pty), "jrun exits with the container's status");
        assertArrayEquals(before, pty.peerTermios(), "the caller's terminal settings are restored");
        assertNoStateDir(id);
    }

    @Test
    void foregroundRunGivesTheContainerTheCallersWindowSizeBeforeItsProcessRuns() throws Exception {
        // stty runs at once; the sleep keeps the process for the relay to start (see below)
        Bundle b = terminalBundle("sh", "-c", "stty size; sleep 1");
        Pty pty = newPty();
        pty.resize(30, 100);
        Process jrunRun = startOn(pty, "run", "--bundle", b.dir.toString(), newId());
        assertEquals(0, exitOf(jrunRun, pty));
        pty.awaitHangUp(Duration.ofSeconds(2));
        assertThat(pty.transcript()).as("the size the process saw first").contains("30 100");
    }

    /**
     * The process may end before jrun waits for it (before its relay of the terminal starts): jrun
     * must still see it end. Tried a few times by the tests, as it is a race.
     */
    private void returnsTheStatusOfAProcessThatExitsAtOnce(int attempt, String id, String... args) throws Exception {
        Process p = jrun.start(args);
        started.add(p);
        p.getOutputStream().close(); // stdin at its end, as with < /dev/null
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            String status = status(id);
            p.destroyForcibly(); // SIGTERM would only be forwarded to the (gone) process
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("attempt " + attempt + ": jrun " + args[0] + " did not return within 15 s"
                    + " although the process exited; the container is " + status);
        }
        assertEquals(3, p.exitValue(), "attempt " + attempt);
    }

    @Test
    void foregroundRunOfAProcessThatExitsAtOnceReturnsItsStatus() throws Exception {
        Bundle b = terminalBundle("sh", "-c", "exit 3");
        for (int i = 1; i <= 6; i++) {
            String id = newId();
            returnsTheStatusOfAProcessThatExitsAtOnce(i, id, "run", "--bundle", b.dir.toString(), id);
            assertNoStateDir(id);
        }
    }

    @Test
    void foregroundExecWithTtyOfAProcessThatExitsAtOnceReturnsItsStatus() throws Exception {
        String id = runningDetached(bundle().args("sleep", "1000"));
        for (int i = 1; i <= 6; i++) {
            returnsTheStatusOfAProcessThatExitsAtOnce(i, id, "exec", "-t", id, "sh", "-c", "exit 3");
        }
    }

    @Test
    void keysGoToTheContainerControlCAndControlDIncluded() throws Exception {
        Bundle b = terminalBundle("sh");
        Pty pty = newPty();
        String id = newId();
        Process jrunRun = startOn(pty, "run", "--bundle", b.dir.toString(), id);
        pty.expect(PROMPT, WAIT);
        pty.write("sleep 1000\r");
        pty.expect("sleep 1000", WAIT); // the echo: sleep has been read
        Thread.sleep(300);
        pty.write("\u0003"); // ^C: SIGINT for the container's foreground job, not for jrun
        pty.expect(PROMPT, WAIT);
        assertTrue(jrunRun.isAlive(), "jrun goes on after ^C");
        pty.write("echo still-$((40+2))\r");
        pty.expect("still-42", WAIT);
        pty.expect(PROMPT, WAIT);
        pty.write("\u0004"); // ^D at the prompt: the shell ends, status 0
        assertEquals(0, exitOf(jrunRun, pty));
    }

    @Test
    void foregroundRunWithoutACallerTerminalRelaysStdio() {
        Bundle b = terminalBundle("sh", "-c", "tty; stty size; read line; echo got-$line; exit 4");
        Jrun.Result r = jrun.runWithInput("input\n", "run", "--bundle", b.dir.toString(), newId());
        assertEquals(4, r.exitCode(), r.toString());
        assertThat(r.stdout().replace("\r", "").lines().toList()).contains("/dev/pts/0", "25 90", "got-input");
    }

    @Test
    void initsTerminalIsTheContainersConsoleAnExecsIsNot() throws IOException {
        Bundle b = terminalBundle("sh", "-c", "stat -c %F,%t:%T /dev/console $(tty)");
        Jrun.Result r = jrun.runWithInput("", "run", "--bundle", b.dir.toString(), newId());
        assertEquals(0, r.exitCode(), r.toString());
        // /dev/pts/0 is 136:0: the same device, bound on /dev/console
        assertEquals(List.of("character special file,88:0", "character special file,88:0"),
                r.stdout().replace("\r", "").lines().toList());

        ConsoleSocket socket = consoleSocket();
        String id = newId();
        Jrun.Result started = jrun.run("run", "-d", "--console-socket", socket.path.toString(), "--bundle",
                terminalBundle("sleep", "1000").dir.toString(), id);
        assertEquals(0, started.exitCode(), started.toString());
        received(socket);
        Jrun.Result exec = jrun.runWithInput("", "exec", "-t", id, "sh", "-c", "stat -c %t:%T /dev/console $(tty)");
        assertEquals(0, exec.exitCode(), exec.toString());
        assertEquals(List.of("88:0", "88:1"), exec.stdout().replace("\r", "").lines().toList(),
                "the exec'd process has a pty of its own; /dev/console stays init's");
    }

    @Test
    void aConsoleLinkInTheRootfsIsRefusedAndTheHostFileUntouched() throws IOException {
        // Without a /dev tmpfs the rootfs's /dev stays: its console is a link to a host file.
        Path secret = Files.writeString(testDir.resolve("host-file"), "host\n");
        Bundle b = terminalBundle("true");
        for (java.util.Iterator<com.fasterxml.jackson.databind.JsonNode> it = b.mounts().iterator(); it.hasNext(); ) {
            if (it.next().path("destination").asText().equals("/dev")) {
                it.remove();
            }
        }
        Files.createDirectories(b.dir.resolve("rootfs/dev"));
        Files.createSymbolicLink(b.dir.resolve("rootfs/dev/console"), secret);
        b.write();
        String id = newId();
        assertOneErrorLine(jrun.runWithInput("", "run", "--bundle", b.dir.toString(), id),
                "set up the terminal and /dev/console: too many levels of symbolic links");
        assertNoStateDir(id);
        assertEquals("host\n", Files.readString(secret));
    }

    @Test
    void foregroundExecWithTtyRelaysTheCallersTerminal() throws Exception {
        String id = runningDetached(bundle().args("sleep", "1000"));
        Pty pty = newPty();
        int[] before = pty.peerTermios();
        Process exec = startOn(pty, "exec", "-t", id, "sh");
        pty.expect(PROMPT, WAIT);
        assertTrue(raw(pty.peerTermios()), "the caller's terminal is in raw mode during the exec");
        pty.write("tty\r");
        assertThat(pty.expect(PROMPT, WAIT)).containsPattern("/dev/pts/\\d+");
        pty.write("exit 3\r");
        assertEquals(3, exitOf(exec, pty));
        assertArrayEquals(before, pty.peerTermios(), "the caller's terminal settings are restored");
        assertEquals("running", status(id), "the container goes on");
    }

    // --- the pty master sent to --console-socket

    /** Talks to an interactive busybox sh on a pty received from jrun: name, size, arithmetic. */
    private static void talkToShell(Pty console) {
        assertThat(console.peer).matches("/dev/pts/\\d+");
        console.expect(PROMPT, WAIT);
        console.write("tty; stty size\r");
        console.expect(console.peer, WAIT);
        console.expect("25 90", WAIT); // consoleSize
        console.expect(PROMPT, WAIT);
        console.write("echo hi-$((6*7))\r");
        console.expect("hi-42", WAIT);
        console.expect(PROMPT, WAIT);
    }

    @Test
    void runDetachedSendsThePtyMasterToTheConsoleSocket() throws Exception {
        Bundle b = terminalBundle("sh");
        ConsoleSocket socket = consoleSocket();
        String id = newId();
        Jrun.Result r = jrun.run("run", "-d", "--console-socket", socket.path.toString(), "--bundle", b.dir.toString(), id);
        assertEquals(0, r.exitCode(), r.toString());
        Pty console = received(socket);
        assertEquals("/dev/pts/0", console.peer, "the first pty of the container's own devpts");
        talkToShell(console);
        console.write("exit\r");
        Host.waitUntil("the container stops", () -> status(id).equals("stopped"));
        assertTrue(console.awaitHangUp(WAIT), "the pty hangs up once the container's process is gone");
    }

    @Test
    void createSendsThePtyMasterAndStartRunsTheShellOnIt() throws Exception {
        Bundle b = terminalBundle("sh");
        ConsoleSocket socket = consoleSocket();
        String id = newId();
        Jrun.Result r = jrun.run("create", "--console-socket", socket.path.toString(), "--bundle", b.dir.toString(), id);
        assertEquals(0, r.exitCode(), r.toString());
        Pty console = received(socket);
        assertEquals("created", status(id));
        assertEquals(0, jrun.run("start", id).exitCode());
        talkToShell(console);
        console.write("exit\r");
        Host.waitUntil("the container stops", () -> status(id).equals("stopped"));
    }

    @Test
    void detachedExecWithTtyGetsAPtyOfItsOwn() throws Exception {
        String id = runningDetached(bundle().args("sleep", "1000"));
        ConsoleSocket socket = consoleSocket();
        Jrun.Result r = jrun.run("exec", "-d", "--console-socket", socket.path.toString(), "-t", id, "sh");
        assertEquals(0, r.exitCode(), r.toString());
        Pty console = received(socket);
        assertThat(console.peer).matches("/dev/pts/\\d+");
        console.expect(PROMPT, WAIT);
        console.write("tty\r");
        console.expect(console.peer, WAIT);
        console.expect(PROMPT, WAIT);
        console.write("exit\r");
        assertTrue(console.awaitHangUp(WAIT), "the exec'd sh ends with exit\n" + console.transcript());
        assertEquals("running", status(id), "the container goes on");
    }

    @Test
    void detachedExecWithTtyWhileInitHasAPtyGetsASecondOne() throws Exception {
        ConsoleSocket socket = consoleSocket();
        String id = newId();
        Bundle b = terminalBundle("sh");
        Jrun.Result r = jrun.run("run", "-d", "--console-socket", socket.path.toString(), "--bundle", b.dir.toString(), id);
        assertEquals(0, r.exitCode(), r.toString());
        Pty first = received(socket);
        assertEquals(0, jrun.run("exec", "-d", "--console-socket", socket.path.toString(), "-t", id, "sh").exitCode());
        Pty second = received(socket);
        assertEquals("/dev/pts/0", first.peer);
        assertEquals("/dev/pts/1", second.peer);
        second.expect(PROMPT, WAIT);
        second.write("tty\r");
        second.expect("/dev/pts/1", WAIT);
        first.expect(PROMPT, WAIT);
        first.write("tty\r");
        first.expect("/dev/pts/0", WAIT);
    }

    // --- refusals

    @Test
    void consoleSocketWithoutATerminalIsRefused() throws Exception {
        ConsoleSocket socket = consoleSocket();
        String cs = socket.path.toString();
        Bundle b = bundle().args("sleep", "1000").write();
        String created = newId();
        assertOneErrorLine(jrun.run("create", "--console-socket", cs, "--bundle", b.dir.toString(), created), "has no terminal");
        assertNoStateDir(created);
        String detached = newId();
        assertOneErrorLine(jrun.run("run", "-d", "--console-socket", cs, "--bundle", b.dir.toString(), detached),
                "has no terminal");
        assertNoStateDir(detached);

        String id = runningDetached(b);
        assertOneErrorLine(jrun.run("exec", "-d", "--console-socket", cs, id, "true"), "has no terminal");
        assertFalse(socket.connected(Duration.ofMillis(200)), "jrun did not connect to the console socket");
        assertEquals(List.of(state(id).get("pid").asInt()), pids(id), "no process was added to the container");
    }

    @Test
    void aTerminalForADetachedProcessNeedsAConsoleSocket() {
        Bundle b = terminalBundle("sh");
        String created = newId();
        assertOneErrorLine(jrun.run("create", "--bundle", b.dir.toString(), created), "needs --console-socket");
        assertNoStateDir(created);
        String detached = newId();
        assertOneErrorLine(jrun.run("run", "-d", "--bundle", b.dir.toString(), detached), "needs --console-socket");
        assertNoStateDir(detached);

        String id = runningDetached(bundle().args("sleep", "1000"));
        assertOneErrorLine(jrun.run("exec", "-d", "-t", id, "sh"), "needs --console-socket");
        assertEquals(List.of(state(id).get("pid").asInt()), pids(id), "no process was added to the container");
    }

    @Test
    void aConsoleSocketNobodyListensOnFailsCleanly() {
        Bundle b = terminalBundle("sh");
        String id = newId();
        Path nobody = testDir.resolve("nobody.sock");
        Jrun.Result r = jrun.run("run", "-d", "--console-socket", nobody.toString(), "--bundle", b.dir.toString(), id);
        assertOneErrorLine(r, nobody.toString());
        assertNoStateDir(id);
    }

    private List<Integer> pids(String id) {
        Jrun.Result r = jrun.run("ps", "--format", "json", id);
        assertEquals(0, r.exitCode(), r.toString());
        List<Integer> out = new ArrayList<>();
        try {
            Bundle.JSON.readTree(r.stdout()).forEach(n -> out.add(n.asInt()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }
}
