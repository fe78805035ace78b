package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The six hook points: when, where (which namespace) and with what state each hook runs. */
class HooksTest extends ContainerTest {
    /** Logs "<name> <mount ns> <state JSON>" to the file given as $2. */
    private static final String HOOK = "#!/bin/sh\nstate=$(cat)\necho \"$1 $(readlink /proc/self/ns/mnt) $state\" >> \"$2\"\n";

    private Path log;
    private Bundle b;

    /** A bundle whose hooks all log to out/log: the host path before pivot_root, /out/log inside. */
    private Bundle hooked() throws Exception {
        Path out = Files.createDirectories(testDir.resolve("out"));
        log = out.resolve("log");
        Path script = Files.writeString(testDir.resolve("hook.sh"), HOOK);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        b = bundle().mount("/out", "bind", out.toString(), "bind").args("true");
        Files.copy(script, b.rootfs.resolve("hook.sh"));
        ObjectNode hooks = b.config.putObject("hooks");
        for (String name : List.of("prestart", "createRuntime", "createContainer", "poststart", "poststop")) {
            hook(hooks, name, script.toString(), List.of("hook.sh", name, log.toString()));
        }
        hook(hooks, "startContainer", "/hook.sh", List.of("hook.sh", "startContainer", "/out/log"));
        return b;
    }

    private static ObjectNode hook(ObjectNode hooks, String point, String path, List<String> args) {
        ObjectNode h = hooks.withArray(point).addObject();
        h.put("path", path);
        ArrayNode a = h.putArray("args");
        args.forEach(a::add);
        return h;
    }

    @Test
    void everyHookRunsAtItsPointInItsNamespaceWithTheState() throws Exception {
        hooked().write();
        String id = newId();
        Jrun.Result r = jrun.run("run", "--bundle", b.dir.toString(), id);
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = Files.readAllLines(log);
        assertEquals(List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"),
                lines.stream().map(l -> l.split(" ")[0]).toList());
        String hostMnt = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
        int pid = -1;
        for (String line : lines) {
            String[] f = line.split(" ", 3);
            JsonNode state = Bundle.JSON.readTree(f[2]);
            assertEquals(id, state.get("id").asText());
            assertEquals(b.dir.toString(), state.get("bundle").asText());
            switch (f[0]) {
                case "prestart", "createRuntime" -> {
                    assertEquals(hostMnt, f[1], f[0] + " runs in the runtime namespace");
                    assertEquals("creating", state.get("status").asText());
                    pid = state.get("pid").asInt();
                }
                case "createContainer", "startContainer" -> {
                    assertNotEquals(hostMnt, f[1], f[0] + " runs in the container's namespace");
                    assertEquals(pid, state.get("pid").asInt());
                }
                case "poststart" -> {
                    assertEquals(hostMnt, f[1]);
                    assertEquals("running", state.get("status").asText());
                    assertEquals(pid, state.get("pid").asInt());
                }
                case "poststop" -> assertEquals("stopped", state.get("status").asText());
                default -> throw new AssertionError(line);
            }
        }
        assertThat(pid).isPositive();
    }

    @Test
    void aFailingCreateRuntimeHookFailsCreateAndCleansUp() throws Exception {
        hooked();
        ObjectNode fail = (ObjectNode) b.config.get("hooks").get("createRuntime").get(0);
        fail.put("path", "/bin/sh");
        fail.putArray("args").add("sh").add("-c").add("exit 3");
        b.write();
        String id = newId();
        Jrun.Result r = jrun.run("create", "--bundle", b.dir.toString(), id);
        assertOneErrorLine(r, "createRuntime hook /bin/sh: exit status 3");
        assertNoStateDir(id);
        List<String> ran = Files.readAllLines(log).stream().map(l -> l.split(" ")[0]).toList();
        assertEquals(List.of("prestart", "poststop"), ran, "nothing after the failure but poststop");
    }

    @Test
    void aFailingCreateContainerHookFailsCreate() throws Exception {
        hooked();
        ObjectNode fail = (ObjectNode) b.config.get("hooks").get("createContainer").get(0);
        fail.put("path", "/bin/false");
        fail.remove("args");
        b.write();
        String id = newId();
        assertOneErrorLine(jrun.run("create", "--bundle", b.dir.toString(), id), "createContainer hook /bin/false: exit status 1");
        assertNoStateDir(id);
    }

    @Test
    void aHookRunsOutOfTime() throws Exception {
        hooked();
        ObjectNode slow = (ObjectNode) b.config.get("hooks").get("prestart").get(0);
        slow.put("path", "/bin/sleep").put("timeout", 1);
        slow.putArray("args").add("sleep").add("30");
        b.write();
        String id = newId();
        long t0 = System.nanoTime();
        assertOneErrorLine(jrun.run("create", "--bundle", b.dir.toString(), id), "prestart hook /bin/sleep: timed out after 1 s");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(15_000);
        assertNoStateDir(id);
    }

    @Test
    void aFailingPoststopHookOnlyWarns() throws Exception {
        hooked();
        ObjectNode fail = (ObjectNode) b.config.get("hooks").get("poststop").get(0);
        fail.put("path", "/bin/false");
        fail.remove("args");
        b.write();
        String id = newId();
        Jrun.Result r = jrun.run("run", "--bundle", b.dir.toString(), id);
        assertEquals(0, r.exitCode(), r.toString());
        assertThat(r.stderr()).contains("jrun: warning: delete " + id + ": poststop hook /bin/false: exit status 1");
        assertNoStateDir(id);
    }

    @Test
    void aFailingPoststartHookStopsTheContainer() throws Exception {
        hooked();
        b.args("sleep", "1000");
        ObjectNode fail = (ObjectNode) b.config.get("hooks").get("poststart").get(0);
        fail.put("path", "/bin/false");
        fail.remove("args");
        b.write();
        String id = newId();
        assertEquals(0, jrun.run("create", "--bundle", b.dir.toString(), id).exitCode());
        int pid = state(id).get("pid").asInt();
        assertOneErrorLine(jrun.run("start", id), "poststart hook /bin/false: exit status 1");
        Host.waitUntil("the container is stopped", () -> !Host.alive(pid));
        assertEquals("stopped", status(id));
    }

    @Test
    void hooksGetTheirArgvZeroAndEnvironment() throws Exception {
        hooked();
        // busybox picks its applet from argv[0]: "sh" here, though the path is /bin/busybox.
        ObjectNode h = (ObjectNode) b.config.get("hooks").get("createRuntime").get(0);
        h.put("path", "/bin/busybox");
        h.putArray("args").add("sh").add("-c").add("echo \"argv0=$0 var=$HOOK_VAR\" > " + testDir.resolve("out/env"));
        h.putArray("env").add("HOOK_VAR=from-config");
        b.write();
        assertEquals(0, jrun.run("run", "--bundle", b.dir.toString(), newId()).exitCode());
        assertEquals("argv0=sh var=from-config", Files.readString(testDir.resolve("out/env")).strip());
    }
}
