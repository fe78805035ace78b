package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** linux.seccomp, seen from inside: the filter in /proc/self/status and what syscalls then do. */
class SeccompTest extends ContainerTest {
    /** Where scripts/install-deps.sh --tests puts Docker's default profile (from Debian's Docker sources). */
    static final Path DOCKER_PROFILE = Path.of(System.getProperty("jrun.dockerSeccompProfile",
            "/var/cache/jrun-tests/docker-default-seccomp.json"));

    private static ObjectNode allowAllBut(Bundle b) {
        ObjectNode s = b.linux().putObject("seccomp");
        s.put("defaultAction", "SCMP_ACT_ALLOW");
        s.putArray("architectures").add("SCMP_ARCH_X86_64").add("SCMP_ARCH_X86").add("SCMP_ARCH_X32");
        s.putArray("syscalls");
        return s;
    }

    private static ObjectNode rule(ObjectNode seccomp, String action, String... names) {
        ObjectNode r = ((ArrayNode) seccomp.get("syscalls")).addObject();
        ArrayNode n = r.putArray("names");
        for (String name : names) {
            n.add(name);
        }
        r.put("action", action);
        return r;
    }

    @Test
    void aDeniedSyscallFailsWithAndWithoutNoNewPrivileges() {
        for (boolean nnp : List.of(true, false)) {
            Bundle b = bundle().sh("grep -E '^(Seccomp|NoNewPrivs):' /proc/self/status; mkdir /tmp/x 2>&1; echo rc=$?");
            b.process().put("noNewPrivileges", nnp);
            rule(allowAllBut(b), "SCMP_ACT_ERRNO", "mkdir", "mkdirat");
            List<String> out = runOk(b).lines().toList();
            assertEquals(List.of("NoNewPrivs:\t" + (nnp ? 1 : 0), "Seccomp:\t2"), out.subList(0, 2), "nnp " + nnp);
            assertThat(out.get(2)).as("nnp " + nnp).contains("Operation not permitted");
            assertEquals("rc=1", out.get(3));
        }
    }

    @Test
    void errnoRetAndDefaultErrnoRetAreWhatTheSyscallReturns() throws IOException {
        Bundle b = bundle().sh("mkdir /tmp/x 2>&1; cat /etc/hostname >/dev/null; echo done");
        ObjectNode s = allowAllBut(b);
        rule(s, "SCMP_ACT_ERRNO", "mkdir", "mkdirat").put("errnoRet", 13);
        assertThat(runOk(b).lines().toList()).first().asString().contains("Permission denied");

        // The default action with its errno: Docker's allow list but for mkdir, everything else ENOSYS.
        Bundle strict = bundle().sh("mkdir /tmp/x 2>&1; echo rc=$?");
        ObjectNode d = strict.linux().putObject("seccomp");
        d.put("defaultAction", "SCMP_ACT_ERRNO").put("defaultErrnoRet", 38);
        d.putArray("syscalls");
        ArrayNode names = rule(d, "SCMP_ACT_ALLOW", "arch_prctl", "clone").withArray("names");
        dockerProfile().get("syscalls").get(0).get("names").forEach(n -> {
            if (!n.asText().startsWith("mkdir")) {
                names.add(n);
            }
        });
        assertEquals(List.of("mkdir: can't create directory '/tmp/x': Function not implemented", "rc=1"),
                runOk(strict).lines().toList());
    }

    @Test
    void unshareCanKillTheProcess() {
        for (String action : List.of("SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL")) {
            Bundle b = bundle().sh("unshare -u true; echo rc=$?");
            rule(allowAllBut(b), action, "unshare");
            // the shell's child dies of SIGSYS (31): 128 + 31
            assertEquals("rc=159", runOk(b).strip(), action);
        }
    }

    @Test
    void argumentsNarrowARule() {
        // kill(pid, 0) is refused, other signals pass
        Bundle b = bundle().sh("kill -0 1 2>&1; echo zero=$?; kill -CONT 1; echo cont=$?");
        ObjectNode r = rule(allowAllBut(b), "SCMP_ACT_ERRNO", "kill");
        r.putArray("args").addObject().put("index", 1).put("value", 0).put("op", "SCMP_CMP_EQ");
        List<String> out = runOk(b).lines().toList();
        assertThat(out.get(0)).contains("Operation not permitted");
        assertEquals(List.of("zero=1", "cont=0"), out.subList(1, 3));
    }

    @Test
    void dockersDefaultProfileLoadsAndAProgramRunsUnderIt() throws IOException {
        JsonNode docker = dockerProfile();
        for (boolean nnp : List.of(true, false)) {
            Bundle b = bundle().sh("ls / > /dev/null && echo ls-ok; grep Seccomp: /proc/self/status;"
                    + " unshare -m true 2>&1; echo rc=$?");
            b.process().put("noNewPrivileges", nnp);
            Set<String> caps = Set.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
            b.linux().set("seccomp", DockerProfile.toOci(docker, caps, System.getProperty("os.version")));
            List<String> out = runOk(b).lines().toList();
            assertEquals(List.of("ls-ok", "Seccomp:\t2"), out.subList(0, 2), "nnp " + nnp);
            assertThat(out.get(2)).as("unshare is refused without CAP_SYS_ADMIN").contains("Operation not permitted");
            assertEquals("rc=1", out.get(3));
        }
    }

    static JsonNode dockerProfile() {
        assertTrue(Files.isRegularFile(DOCKER_PROFILE), DOCKER_PROFILE + " is missing: run scripts/install-deps.sh --tests");
        try {
            return Bundle.JSON.readTree(DOCKER_PROFILE.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aNotifyListenerGetsTheDescriptorAndDecides() throws Exception {
        Path socket = testDir.resolve("agent.sock");
        int listening = Libc.listenUnix(socket);
        try {
            Bundle b = bundle().sh("mkdir /tmp/x 2>/result; echo rc=$? >> /result");
            ObjectNode s = allowAllBut(b);
            s.put("listenerPath", socket.toString()).put("listenerMetadata", "agent-data");
            rule(s, "SCMP_ACT_NOTIFY", "mkdir", "mkdirat");
            b.write();
            String id = newId();
            Jrun.Result created = jrun.run("create", "--bundle", b.dir.toString(), id);
            assertEquals(0, created.exitCode(), created.toString());

            // create has sent the listener and the container process state
            assertTrue(Libc.poll(listening, Libc.POLLIN, 5000) != 0, "jrun did not connect to the listener socket");
            int conn = Libc.accept(listening);
            Libc.Received got;
            try {
                got = Libc.recvWithFds(conn, 8192);
            } finally {
                Libc.close(conn);
            }
            assertEquals(1, got.fds().length, "one descriptor");
            int listener = got.fds()[0];
            try {
                assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + listener)).toString()).contains("seccomp");
                JsonNode st = Bundle.JSON.readTree(new String(got.data(), StandardCharsets.UTF_8));
                int pid = state(id).get("pid").asInt();
                assertEquals("seccompFd", st.get("fds").get(0).asText());
                assertEquals(pid, st.get("pid").asInt());
                assertEquals("agent-data", st.get("metadata").asText());
                assertEquals(id, st.get("state").get("id").asText());
                assertEquals("creating", st.get("state").get("status").asText());
                assertEquals(b.dir.toString(), st.get("state").get("bundle").asText());

                assertEquals(0, jrun.run("start", id).exitCode());
                assertTrue(Libc.poll(listener, Libc.POLLIN, 10_000) != 0, "no notification within 10 s");
                Libc.SeccompNotification n = Libc.seccompReceive(listener);
                assertThat(n.syscall()).as("mkdir (83) or mkdirat (258) on x86_64").isIn(83, 258);
                Libc.seccompRespond(listener, n.id(), 13);
            } finally {
                Libc.close(listener);
            }
            Path result = b.dir.resolve("rootfs/result");
            for (int i = 0; i < 100 && !Files.readString(result).contains("rc="); i++) {
                Thread.sleep(50);
            }
            assertThat(Files.readString(result)).contains("Permission denied").contains("rc=1");
        } finally {
            Libc.close(listening);
        }
    }

    @Test
    void execProcessesGetTheContainersFilter() {
        Bundle b = bundle().args("sleep", "30");
        rule(allowAllBut(b), "SCMP_ACT_ERRNO", "mkdir", "mkdirat");
        b.write();
        String id = newId();
        assertEquals(0, jrun.run("run", "-d", "--bundle", b.dir.toString(), id).exitCode());
        Jrun.Result r = jrun.run("exec", id, "sh", "-c", "grep Seccomp: /proc/self/status; mkdir /tmp/y 2>&1; true");
        assertEquals(0, r.exitCode(), r.toString());
        assertThat(r.stdout()).contains("Seccomp:\t2").contains("Operation not permitted");
    }

    @Test
    void aBadProfileIsOneErrorLineAndLeavesNothing() {
        record Case(java.util.function.Consumer<ObjectNode> edit, String error) {}
        List<Case> cases = List.of(
                new Case(s -> s.put("defaultAction", "SCMP_ACT_MAYBE"), "linux.seccomp.defaultAction: unknown action"),
                new Case(s -> rule(s, "SCMP_ACT_NOTIFY", "mkdir"), "linux.seccomp.listenerPath: required with SCMP_ACT_NOTIFY"),
                new Case(s -> rule(s, "SCMP_ACT_KILL", "mkdir").put("errnoRet", 1), "linux.seccomp.syscalls[0].errnoRet"),
                new Case(s -> rule(s, "SCMP_ACT_ERRNO", "mkdir").putArray("args").addObject().put("index", 6)
                        .put("value", 0).put("op", "SCMP_CMP_EQ"), "linux.seccomp.syscalls[0].args[0].index"),
                new Case(s -> ((ArrayNode) s.get("architectures")).add("SCMP_ARCH_Z80"), "architecture"),
                new Case(s -> {
                    s.put("listenerPath", testDir.resolve("nobody-listens.sock").toString());
                    rule(s, "SCMP_ACT_NOTIFY", "mkdir");
                }, "seccomp: pass the notify listener to"));
        for (Case c : cases) {
            Bundle b = bundle().args("true");
            c.edit().accept(allowAllBut(b));
            b.write();
            String id = newId();
            assertOneErrorLine(jrun.run("create", "--bundle", b.dir.toString(), id), c.error());
            assertNoStateDir(id);
        }
    }
}
