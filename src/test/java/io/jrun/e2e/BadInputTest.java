package io.jrun.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets one clear line on stderr, a non-zero status, and leaves nothing behind: the
 * leftover check after each test (state directory, cgroup, process, mount) is part of every case.
 */
class BadInputTest extends ContainerTest {

    private Jrun.Result create(Bundle b, String id) {
        return jrun.run("create", "--bundle", b.dir.toString(), id);
    }

    private void assertCreateFails(Consumer<Bundle> breakIt, String expected) {
        Bundle b = bundle().args("true");
        breakIt.accept(b);
        b.write();
        String id = newId();
        Jrun.Result r = create(b, id);
        assertOneErrorLine(r, expected);
        assertTrue(r.errorLine().startsWith("jrun: create " + id + ": "), r.errorLine());
        assertNoStateDir(id);
    }

    @Test
    void invalidJson() throws Exception {
        Bundle b = bundle();
        Files.writeString(b.dir.resolve("config.json"), "{\"ociVersion\": \"1.3.0\", \"process\": {");
        String id = newId();
        assertOneErrorLine(create(b, id), "config.json: invalid JSON at line 1");
        assertNoStateDir(id);
    }

    @Test
    void wrongTypeInAField() {
        assertCreateFails(b -> ((ObjectNode) b.process().get("user")).put("uid", "0"),
                "process.user.uid: expected an integer, got a string");
        assertCreateFails(b -> b.process().put("args", "sh"), "process.args: expected an array");
    }

    @Test
    void missingRequiredParts() {
        assertCreateFails(b -> b.config.remove("ociVersion"), "ociVersion");
        assertCreateFails(b -> b.config.remove("process"), "process");
        assertCreateFails(b -> b.config.remove("root"), "root");
    }

    @Test
    void rootfsThatDoesNotExist() {
        assertCreateFails(b -> ((ObjectNode) b.config.get("root")).put("path", "no-such-rootfs"),
                "root.path: no such directory");
    }

    @Test
    void programNotInTheRootfs() {
        assertCreateFails(b -> b.args("no-such-program"), "exec: \"no-such-program\": executable file not found in $PATH");
        assertCreateFails(b -> b.args("/bin/no-such-program"), "exec: \"/bin/no-such-program\": stat /bin/no-such-program: no such file or directory");
    }

    @Test
    void workingDirectoryThatCannotBeEntered() {
        // /etc/passwd is a file; /root is 0700 and the user is not root.
        assertCreateFails(b -> b.process().put("cwd", "/etc/passwd"), "not a directory");
        assertCreateFails(b -> {
            b.process().put("cwd", "/root");
            ((ObjectNode) b.process().get("user")).put("uid", 1000).put("gid", 1000);
            Host.sh("chmod 700 " + b.rootfs.resolve("root"));
        }, "chdir to cwd (\"/root\") set in config.json: permission denied");
    }

    @Test
    void relativeWorkingDirectory() {
        assertCreateFails(b -> b.process().put("cwd", "relative"), "process.cwd: must be an absolute path");
    }

    @Test
    void duplicateIdLeavesTheFirstContainerAlone() {
        Bundle b = bundle().args("sleep", "1000").write();
        String id = newId();
        assertEquals(0, create(b, id).exitCode());
        int pid = state(id).get("pid").asInt();
        assertOneErrorLine(create(b, id), "container with given ID already exists");
        assertEquals("created", status(id));
        assertEquals(pid, state(id).get("pid").asInt());
        assertEquals(0, jrun.run("start", id).exitCode());
        assertEquals("running", status(id));
    }

    @Test
    void malformedIds() {
        Bundle b = bundle().args("true").write();
        for (String bad : new String[] {"bad/id", "..", "a b", ""}) {
            Jrun.Result r = create(b, bad);
            assertOneErrorLine(r, bad.isEmpty() ? "container id cannot be empty" : "invalid container id format");
        }
        try (var entries = Files.list(jrun.root())) {
            assertEquals(0, entries.count(), "nothing created under the state root");
        } catch (java.nio.file.NoSuchFileException e) {
            // not even the root: fine
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void unknownContainer() {
        for (String verb : new String[] {"state", "start", "kill", "delete"}) {
            assertOneErrorLine(jrun.run(verb, "no-such-container"), "jrun: " + verb + " no-such-container: container does not exist");
        }
        assertEquals(0, jrun.run("delete", "--force", "no-such-container").exitCode(), "delete -f of nothing succeeds, as runc");
    }

    @Test
    void startOfARunningContainer() {
        Bundle b = bundle().args("sleep", "1000").write();
        String id = newId();
        assertEquals(0, jrun.run("run", "-d", "--bundle", b.dir.toString(), id).exitCode());
        assertOneErrorLine(jrun.run("start", id), "cannot start an already running container");
        assertEquals("running", status(id));
    }

    @Test
    void deleteOfARunningContainerWithoutForce() {
        Bundle b = bundle().args("sleep", "1000").write();
        String id = newId();
        assertEquals(0, jrun.run("run", "-d", "--bundle", b.dir.toString(), id).exitCode());
        assertOneErrorLine(jrun.run("delete", id), "that is not stopped: running");
        assertEquals("running", status(id));
    }

    @Test
    void unknownSignalChangesNothing() {
        Bundle b = bundle().args("sleep", "1000").write();
        String id = newId();
        assertEquals(0, jrun.run("run", "-d", "--bundle", b.dir.toString(), id).exitCode());
        assertOneErrorLine(jrun.run("kill", id, "SIGNOPE"), "unknown signal \"SIGNOPE\"");
        assertOneErrorLine(jrun.run("kill", id, "99"), "invalid signal: 99");
        assertEquals("running", status(id));
    }

    @Test
    void missingConfigJson() throws Exception {
        Path empty = Files.createDirectory(testDir.resolve("empty-bundle"));
        String id = newId();
        assertOneErrorLine(jrun.run("create", "--bundle", empty.toString(), id), "config.json: no such file");
        assertNoStateDir(id);
    }

    @Test
    void settingsThatCannotWorkAreRefusedAndThoseNotAppliedYetNamed() {
        assertCreateFails(b -> b.process().put("terminal", true), "a terminal for a detached process needs --console-socket");
        assertCreateFails(b -> b.linux().withArray("namespaces").addObject().put("type", "user"),
                "linux.uidMappings: a new user namespace needs uid mappings");

        // The I/O priority is not applied yet: create says so.
        Bundle b = bundle().args("true");
        b.process().putObject("ioPriority").put("class", "IOPRIO_CLASS_BE").put("priority", 4);
        b.write();
        Jrun.Result r = jrun.run("run", "--bundle", b.dir.toString(), newId());
        org.junit.jupiter.api.Assertions.assertEquals(0, r.exitCode(), r.toString());
        org.assertj.core.api.Assertions.assertThat(r.stderr())
                .contains("jrun: warning: create")
                .contains("not applied by this version of jrun: process.ioPriority");
    }

    @Test
    void nulBytesInArgsOrEnvAreRefused() {
        assertCreateFails(b -> b.args("/bin/sh\u0000zzz", "-c", "true"), "process.args[0]: must not contain a NUL byte");
        assertCreateFails(b -> b.process().putArray("env").add("FOO=x\u0000y"), "process.env[0]: must not contain a NUL byte");
    }
}
