package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What must hold when things go wrong around a container: the host's files and other containers
 * are never touched, a create killed halfway can be cleaned up, broken state does not spread.
 */
class RobustnessTest extends ContainerTest {

    @Test
    void aDeviceNodeNeverChangesAFileAlreadyAtItsPath() throws Exception {
        Path hostDir = Files.createDirectory(testDir.resolve("host-dri"));
        Path hostFile = Files.writeString(hostDir.resolve("card0"), "host data\n");
        Files.setPosixFilePermissions(hostFile, PosixFilePermissions.fromString("rw-------"));
        Bundle b = bundle().mount("/dev/dri", "bind", hostDir.toString(), "bind").args("true");
        ObjectNode dev = b.linux().putArray("devices").addObject();
        dev.put("path", "/dev/dri/card0").put("type", "c").put("major", 1).put("minor", 3).put("fileMode", 0666)
                .put("uid", 1000).put("gid", 1000);
        runOk(b);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(hostFile)));
        assertEquals(0, (int) Files.getAttribute(hostFile, "unix:uid"));
        assertEquals("host data\n", Files.readString(hostFile));
    }

    @Test
    void deleteLeavesTheOtherContainersOfASharedCgroupAlone() {
        String shared = "/jrun-e2e-shared-" + Long.toHexString(System.nanoTime());
        Bundle longLived = bundle().args("sleep", "1000").cgroupsPath(shared).write();
        Bundle brief = bundle().args("true").cgroupsPath(shared).write();
        String b = newId();
        assertEquals(0, jrun.run("run", "-d", "--bundle", longLived.dir.toString(), b).exitCode());
        Jrun.Result a = jrun.run("run", "--bundle", brief.dir.toString(), newId());
        assertEquals(0, a.exitCode(), a.toString());
        assertThat(a.stderr()).contains("left in place");
        assertEquals("running", status(b), "a container of its own pid namespace takes only its own processes along");
        assertEquals(0, jrun.run("delete", "--force", b).exitCode());
        for (Host.Hierarchy h : Host.cgroupHierarchies()) {
            assertFalse(Files.exists(h.dir(shared)), "the last container removes the shared cgroup: " + h.dir(shared));
        }
    }

    @Test
    void aCreateKilledHalfwayCanBeDeleted() throws Exception {
        Bundle b = bundle().args("sleep", "1000").write();
        String id = newId();
        assertEquals(0, jrun.run("create", "--bundle", b.dir.toString(), id).exitCode());
        int init = state(id).get("pid").asInt();
        // What a create killed right after spawning leaves: the record it made first, with no pid yet.
        Path stateFile = jrun.root().resolve(id).resolve("state.json");
        ObjectNode saved = (ObjectNode) Bundle.JSON.readTree(stateFile.toFile());
        saved.put("pid", 0).put("pidStartTime", 0);
        Files.writeString(stateFile, Bundle.JSON.writeValueAsString(saved));
        assertEquals("stopped", status(id));
        assertTrue(Host.alive(init));
        assertEquals(0, jrun.run("delete", id).exitCode());
        Host.waitUntil("init found through its cgroup and killed", () -> !Host.alive(init));
        assertNoStateDir(id);
    }

    @Test
    void aStateDirectoryWithoutStateIsRemovedByDeleteForce() throws Exception {
        String id = newId();
        // A create killed before it could write anything leaves just its directory.
        Files.createDirectories(jrun.root().resolve(id));
        assertOneErrorLine(jrun.run("state", id), "container does not exist");
        assertEquals(0, jrun.run("delete", "--force", id).exitCode());
        assertNoStateDir(id);
        Bundle b = bundle().args("true").write();
        assertEquals(0, jrun.run("run", "--bundle", b.dir.toString(), id).exitCode(), "the id is usable again");
    }

    @Test
    void aCorruptStateFileDoesNotBreakTheOthers() throws Exception {
        Bundle b = bundle().args("sleep", "1000").write();
        String good = newId();
        String bad = newId();
        assertEquals(0, jrun.run("run", "-d", "--bundle", b.dir.toString(), good).exitCode());
        Files.createDirectories(jrun.root().resolve(bad));
        Files.writeString(jrun.root().resolve(bad).resolve("state.json"), "{not json");

        Jrun.Result list = jrun.run("list", "-q");
        assertEquals(0, list.exitCode(), list.toString());
        assertEquals(List.of(good), list.stdout().lines().toList());
        assertThat(list.stderr()).contains("state of container " + bad + " is unreadable");
        assertOneErrorLine(jrun.run("state", bad), "is unreadable");
        assertEquals(0, jrun.run("delete", "--force", bad).exitCode());
        assertNoStateDir(bad);
    }

    @Test
    void aCreatedContainerDiesOnSigterm() {
        Bundle b = bundle().args("sleep", "1000").write();
        String id = newId();
        assertEquals(0, jrun.run("create", "--bundle", b.dir.toString(), id).exitCode());
        int init = state(id).get("pid").asInt();
        assertEquals(0, jrun.run("kill", id).exitCode(), "SIGTERM by default");
        Host.waitUntil("init ended", () -> !Host.alive(init));
        assertEquals("stopped", status(id));
    }

    @Test
    void killAllReachesWhatIsLeftAfterInitExited() {
        // No pid namespace: init's child outlives it, in the container's cgroup.
        Bundle b = bundle().sh("sleep 1234 & exit 0");
        ArrayNode namespaces = (ArrayNode) b.linux().get("namespaces");
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            if (namespaces.get(i).get("type").asText().equals("pid")) {
                namespaces.remove(i);
            }
        }
        b.write();
        String id = newId();
        assertEquals(0, jrun.run("run", "-d", "--bundle", b.dir.toString(), id).exitCode());
        Host.waitUntil("init exited", () -> status(id).equals("stopped"));
        List<Integer> left = Host.processesMentioning("sleep\u00001234");
        assertThat(left).isNotEmpty();
        Jrun.Result r = jrun.run("kill", "--all", id, "KILL");
        assertEquals(0, r.exitCode(), r.toString());
        for (int pid : left) {
            Host.waitUntil("the orphan died", () -> !Host.alive(pid));
        }
    }

    @Test
    void badRootAndLogAreClearErrors() throws Exception {
        Path file = Files.writeString(testDir.resolve("a-file"), "");
        Jrun bad = new Jrun(file, testDir);
        Bundle b = bundle().args("true").write();
        assertOneErrorLine(bad.run("run", "--bundle", b.dir.toString(), newId()), "not a directory");
        assertOneErrorLine(bad.run("list"), "not a directory");
        assertOneErrorLine(jrun.run("--log", testDir.resolve("no/such/dir/log").toString(), "list"), "open log file");
    }
}
