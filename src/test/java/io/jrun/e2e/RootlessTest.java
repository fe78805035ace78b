package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * jrun run by an unprivileged user (nobody) on a config from `jrun spec --rootless`: its own user
 * namespace, its state under $XDG_RUNTIME_DIR, and no cgroup (none is delegated to it here).
 */
class RootlessTest extends ContainerTest {
    private static final int NOBODY = 65534;
    private Path runtimeDir;
    private Jrun user;
    private final List<String> made = new ArrayList<>();

    @BeforeEach
    void makeTheUsersDirectories() throws Exception {
        Host.sh("chmod 755 " + E2eDirs.base() + " " + testDir);
        runtimeDir = Files.createDirectory(testDir.resolve("run"));
        Host.sh("chown " + NOBODY + ":" + NOBODY + " " + runtimeDir + " && chmod 700 " + runtimeDir);
        user = Jrun.asUser(NOBODY, NOBODY, runtimeDir, testDir);
    }

    @AfterEach
    void deleteTheUsersContainers() {
        for (String id : made) {
            if (Files.exists(user.root().resolve(id))) {
                user.run("delete", "--force", id);
            }
            assertFalse(Files.exists(user.root().resolve(id)), "state directory of " + id + " left behind");
        }
    }

    private String userId() {
        String id = newId();
        made.add(id);
        return id;
    }

    /** A bundle directory of the user's, with the config `jrun spec --rootless` wrote there as that user. */
    private Bundle rootlessBundle() throws Exception {
        Path dir = Files.createTempDirectory(testDir, "bundle");
        Host.sh("chown " + NOBODY + ":" + NOBODY + " " + dir + " && chmod 755 " + dir);
        Jrun.Result spec = user.runIn(dir, "spec", "--rootless");
        assertEquals(0, spec.exitCode(), spec.toString());
        return Bundle.around(dir);
    }

    @Test
    void specRootlessMapsTheCallerAndLeavesOutTheNetworkNamespaceAndLimits() throws Exception {
        Bundle b = rootlessBundle();
        assertEquals(NOBODY, b.node("/linux/uidMappings/0/hostID").asInt());
        assertEquals(NOBODY, b.node("/linux/gidMappings/0/hostID").asInt());
        assertEquals(0, b.node("/linux/uidMappings/0/containerID").asInt());
        List<String> types = new ArrayList<>();
        b.node("/linux/namespaces").forEach(ns -> types.add(ns.get("type").asText()));
        assertThat(types).contains("user", "pid", "mount").doesNotContain("network");
        assertTrue(b.node("/linux/resources").isMissingNode());
    }

    @Test
    void anUnprivilegedUserRunsAContainerAsItsRoot() throws Exception {
        Bundle b = rootlessBundle().sh("id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups;"
                + " stat -c '%u:%g %n' /dev/shm /dev/pts /dev/mqueue; grep NoNewPrivs /proc/self/status");
        b.write();
        String id = userId();
        Jrun.Result r = user.run("run", "--bundle", b.dir.toString(), id);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("0", "0", "0 65534 1", "0 65534 1", "deny", "0:0 /dev/shm", "0:0 /dev/pts", "0:0 /dev/mqueue",
                "NoNewPrivs: 1"), r.stdout().lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList());
    }

    @Test
    void theLifecycleWorksWithStateInTheUsersRuntimeDirAndNoCgroup() throws Exception {
        Bundle b = rootlessBundle().args("sleep", "60");
        b.write();
        String id = userId();
        Jrun.Result created = user.run("create", "--bundle", b.dir.toString(), id);
        assertEquals(0, created.exitCode(), created.toString());
        assertTrue(Files.isDirectory(runtimeDir.resolve("jrun").resolve(id)), "state in $XDG_RUNTIME_DIR/jrun");
        JsonNode state = Bundle.JSON.readTree(user.run("state", id).stdout());
        assertEquals("created", state.get("status").asText());
        int pid = state.get("pid").asInt();
        assertThat(Files.readString(Path.of("/proc/" + pid + "/status")))
                .containsPattern("(?m)^Uid:\\s+65534\\s+65534\\s+65534\\s+65534$");
        // no cgroup was delegated: the container stays in the caller's, and jrun made none
        for (Host.Hierarchy h : Host.cgroupHierarchies()) {
            assertFalse(Files.exists(h.dir("jrun/" + id)), h.dir("jrun/" + id).toString());
        }
        assertEquals(Files.readString(Path.of("/proc/self/cgroup")), Files.readString(Path.of("/proc/" + pid + "/cgroup")));

        Jrun.Result early = user.run("exec", id, "true");
        assertOneErrorLine(early, "start the container first");
        assertEquals(0, user.run("start", id).exitCode());
        Jrun.Result exec = user.run("exec", id, "sh", "-c", "id -u; cat /proc/self/uid_map");
        assertEquals(0, exec.exitCode(), exec.toString());
        assertEquals(List.of("0", "0 65534 1"), exec.stdout().lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList());

        assertEquals(0, user.run("kill", id, "KILL").exitCode());
        Host.waitUntil("init died", () -> !Host.alive(pid));
        assertEquals(0, user.run("delete", id).exitCode());
        assertFalse(Files.exists(runtimeDir.resolve("jrun").resolve(id)));
    }

    @Test
    void limitsWithoutADelegatedCgroupAreAnErrorAndLeaveNothing() throws Exception {
        Bundle b = rootlessBundle().args("true");
        b.linux().putObject("resources").putObject("memory").put("limit", 64L << 20);
        b.write();
        String id = userId();
        assertOneErrorLine(user.run("create", "--bundle", b.dir.toString(), id), "linux.resources: cgroup limits need a cgroup delegated");
        assertFalse(Files.exists(runtimeDir.resolve("jrun").resolve(id)));
    }

    @Test
    void mappingIdsNotItsOwnIsRefusedWithTheReason() throws Exception {
        Bundle b = rootlessBundle().args("true");
        b.linux().withArray("uidMappings").addObject().put("containerID", 1).put("hostID", 100000).put("size", 1000);
        b.write();
        String id = userId();
        Jrun.Result r = user.run("create", "--bundle", b.dir.toString(), id);
        if (Files.isExecutable(Path.of("/usr/bin/newuidmap"))) {
            // with the helpers, /etc/subuid decides; nobody has no entry there
            assertOneErrorLine(r, "newuidmap for the container process failed: newuidmap: uid range [1-1001) -> [100000-101000) not allowed");
        } else {
            assertOneErrorLine(r, "linux.uidMappings: without root, mapping more than your own uid (65534) needs newuidmap");
        }
        assertFalse(Files.exists(runtimeDir.resolve("jrun").resolve(id)));
    }

    @Test
    void subordinateIdsAreMappedThroughNewuidmapAndNewgidmap() throws Exception {
        // scripts/install-deps.sh --tests installs Debian's uidmap; nobody gets subordinate ids for this test only
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/newuidmap")), "newuidmap (package uidmap) is not installed");
        Path subuid = Path.of("/etc/subuid");
        Path subgid = Path.of("/etc/subgid");
        String uids = Files.exists(subuid) ? Files.readString(subuid) : null;
        String gids = Files.exists(subgid) ? Files.readString(subgid) : null;
        try {
            Files.writeString(subuid, (uids == null ? "" : uids) + "nobody:300000:65536\n");
            Files.writeString(subgid, (gids == null ? "" : gids) + "nobody:300000:65536\n");
            Bundle b = rootlessBundle().sh("cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups;"
                    + " touch /tmp/f && chown 1000:1000 /tmp/f && stat -c '%u:%g' /tmp/f");
            b.linux().withArray("uidMappings").addObject().put("containerID", 1).put("hostID", 300000).put("size", 65536);
            b.linux().withArray("gidMappings").addObject().put("containerID", 1).put("hostID", 300000).put("size", 65536);
            b.mount("/tmp", "tmpfs", "tmpfs", "nosuid", "nodev");
            b.addCapabilities("CAP_CHOWN");
            b.write();
            String id = userId();
            Jrun.Result r = user.run("run", "--bundle", b.dir.toString(), id);
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals(List.of("0 65534 1", "1 300000 65536", "0 65534 1", "1 300000 65536", "allow", "1000:1000"),
                    r.stdout().lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList());
        } finally {
            restore(subuid, uids);
            restore(subgid, gids);
        }
    }

    private static void restore(Path file, String content) throws Exception {
        if (content == null) {
            Files.deleteIfExists(file);
        } else {
            Files.writeString(file, content);
        }
    }
}
