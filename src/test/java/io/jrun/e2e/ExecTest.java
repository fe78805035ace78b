package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** exec: a new process inside a running container, seeing what its init sees. */
class ExecTest extends ContainerTest {

    private String running(Bundle b) {
        b.write();
        String id = newId();
        Jrun.Result r = jrun.run("run", "-d", "--bundle", b.dir.toString(), id);
        assertEquals(0, r.exitCode(), r.toString());
        return id;
    }

    @Test
    void execSeesTheContainersNamespacesAndIsInItsCgroup() throws Exception {
        Bundle b = bundle().hostname("exec-host").args("sleep", "1000");
        String id = running(b);
        int init = state(id).get("pid").asInt();
        Jrun.Result r = jrun.run("exec", id, "sh", "-c",
                "hostname; cat /proc/1/cmdline | tr '\\0' ' '; echo; ls / | tr '\\n' ' '; echo; for n in pid mnt uts ipc net cgroup; do readlink /proc/self/ns/$n; done; cat /proc/self/cgroup");
        assertEquals(0, r.exitCode(), r.toString());
        List<String> out = r.stdout().lines().toList();
        assertEquals("exec-host", out.get(0));
        assertEquals("sleep 1000", out.get(1).strip(), "pid 1 of its pid namespace is the container's init");
        assertThat(out.get(2)).contains("bin").contains("etc").doesNotContain("work");
        String[] names = {"pid", "mnt", "uts", "ipc", "net", "cgroup"};
        for (int i = 0; i < names.length; i++) {
            assertEquals(Files.readSymbolicLink(Path.of("/proc/" + init + "/ns/" + names[i])).toString(), out.get(3 + i),
                    names[i] + " namespace shared with init");
        }
        for (String line : out.subList(9, out.size())) {
            assertTrue(line.endsWith(":/"), "in the container's cgroup, seen as its root: " + line);
        }
    }

    @Test
    void execExitsWithTheProcessStatusAnd255WhenItCannotRun() {
        String id = running(bundle().args("sleep", "1000"));
        assertEquals(7, jrun.run("exec", id, "sh", "-c", "exit 7").exitCode());
        Jrun.Result missing = jrun.run("exec", id, "no-such-program");
        assertEquals(255, missing.exitCode());
        assertOneErrorLine(missing, "exec: \"no-such-program\": executable file not found in $PATH");
    }

    @Test
    void flagsSetUserEnvAndCwd() {
        String id = running(bundle().args("sleep", "1000"));
        Jrun.Result r = jrun.run("exec", "--user", "1000:100", "-g", "5", "--env", "FOO=bar", "--cwd", "/tmp", id,
                "sh", "-c", "id -u; id -g; id -G; pwd; echo $FOO; echo $HOME");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("1000", "100", "100 5", "/tmp", "bar", "/home/tester"), r.stdout().lines().toList());
    }

    @Test
    void processJsonIsUsedAsIs() throws Exception {
        String id = running(bundle().args("sleep", "1000"));
        Path process = Files.writeString(testDir.resolve("process.json"),
                "{\"args\":[\"sh\",\"-c\",\"echo $X; id -u; grep NoNewPrivs /proc/self/status\"],\"cwd\":\"/\","
                        + "\"env\":[\"X=from-json\",\"PATH=/bin\"],\"user\":{\"uid\":1,\"gid\":1},\"noNewPrivileges\":true}");
        Jrun.Result r = jrun.run("exec", "--process", process.toString(), id);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("from-json", "1", "NoNewPrivs:\t1"), r.stdout().lines().toList());
    }

    @Test
    void detachedExecWritesItsPidAndKeepsRunning() throws Exception {
        String id = running(bundle().args("sleep", "1000"));
        Path pidFile = testDir.resolve("exec.pid");
        Jrun.Result r = jrun.run("exec", "--detach", "--pid-file", pidFile.toString(), id, "sleep", "1000");
        assertEquals(0, r.exitCode(), r.toString());
        int pid = Integer.parseInt(Files.readString(pidFile));
        assertTrue(Host.alive(pid));
        assertThat(jrun.run("ps", "--format", "json", id).stdout()).contains(Integer.toString(pid));
    }

    @Test
    void foregroundExecGetsTheCallersSignals() throws Exception {
        String id = running(bundle().args("sleep", "1000"));
        Path out = testDir.resolve("exec-out");
        Process exec = jrun.start("exec", id, "sh", "-c", "trap 'exit 9' TERM; while true; do sleep 0.05; done");
        Thread.sleep(1500); // let it start
        exec.toHandle().destroy();
        assertTrue(exec.waitFor(20, TimeUnit.SECONDS));
        assertEquals(9, exec.exitValue(), "SIGTERM reached the process, whose trap exits 9");
    }

    @Test
    void execIntoAStoppedPausedOrUnknownContainerIsRefused() {
        String id = running(bundle().args("sleep", "1000"));
        assertEquals(0, jrun.run("pause", id).exitCode());
        assertOneErrorLine(jrun.run("exec", id, "true"), "cannot exec in a paused container");
        assertEquals(0, jrun.run("resume", id).exitCode());
        assertEquals(0, jrun.run("kill", id, "KILL").exitCode());
        Host.waitUntil("stopped", () -> status(id).equals("stopped"));
        assertOneErrorLine(jrun.run("exec", id, "true"), "cannot exec in a stopped container");
        assertOneErrorLine(jrun.run("exec", "no-such-container", "true"), "container does not exist");
    }
}
