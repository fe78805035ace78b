package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Containers in their own user namespace, made by root with uid/gid mappings. */
class UserNamespaceTest extends ContainerTest {
    private static final long HOST_BASE = 200000;

    @BeforeEach
    void letMappedIdsReachTheBundles() {
        // init runs as host uid 200000 from its first step: the bundle's path must be searchable by it
        Host.sh("chmod 755 " + E2eDirs.base() + " " + testDir);
    }

    private Bundle mapped() {
        Bundle b = bundle();
        Host.sh("chmod 755 " + b.dir);
        // as with runc, the rootfs belongs to the container's root: its host uid
        Host.sh("chown -R " + HOST_BASE + ":" + HOST_BASE + " " + b.rootfs);
        ((ArrayNode) b.linux().get("namespaces")).addObject().put("type", "user");
        b.linux().putArray("uidMappings").addObject().put("containerID", 0).put("hostID", HOST_BASE).put("size", 65536);
        b.linux().putArray("gidMappings").addObject().put("containerID", 0).put("hostID", HOST_BASE).put("size", 65536);
        return b;
    }

    @Test
    void rootInsideIsAnUnprivilegedUserOutside() throws Exception {
        Path shared = Files.createDirectories(testDir.resolve("shared"));
        Host.sh("chown " + HOST_BASE + ":" + HOST_BASE + " " + shared);
        Path secret = testDir.resolve("secret");
        Files.writeString(secret, "host root only\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Bundle b = mapped()
                .mount("/shared", "bind", shared.toString(), "rbind")
                .mount("/secret", "bind", secret.toString(), "bind", "ro")
                .sh("id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups;"
                        + " stat -c '%u:%g %n' / /dev/shm /dev/mqueue /dev/pts /proc/1;"
                        + " cat /secret 2>/dev/null || echo secret-refused;"
                        + " touch /shared/made-by-root;"
                        + " mknod /tmp/null c 1 3 2>/dev/null || echo mknod-refused");
        List<String> lines = runOk(b).lines().toList();
        assertEquals(List.of("0", "0", "0 200000 65536", "0 200000 65536", "allow",
                "0:0 /", "0:0 /dev/shm", "0:0 /dev/mqueue", "0:0 /dev/pts", "0:0 /proc/1",
                "secret-refused", "mknod-refused"), lines.stream().map(l -> l.trim().replaceAll("\\s+", " ")).toList());
        // root inside is the base outside: what it makes on a bind mount shows that
        Path made = shared.resolve("made-by-root");
        assertEquals(HOST_BASE, (int) Files.getAttribute(made, "unix:uid"));
        assertEquals(HOST_BASE, (int) Files.getAttribute(made, "unix:gid"));
    }

    @Test
    void initRunsAsTheMappedUserOnTheHostAndExecJoinsItsNamespace() throws Exception {
        Path shared = Files.createDirectories(testDir.resolve("shared"));
        Host.sh("chown " + (HOST_BASE + 1000) + ":" + (HOST_BASE + 1000) + " " + shared);
        Bundle b = mapped().args("sleep", "60").mount("/shared", "bind", shared.toString(), "rbind");
        b.write();
        String id = newId();
        assertEquals(0, jrun.run("run", "--detach", "--bundle", b.dir.toString(), id).exitCode());
        int pid = state(id).get("pid").asInt();
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        assertThat(status).containsPattern("(?m)^Uid:\\s+200000\\s+200000\\s+200000\\s+200000$");
        assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/user")))
                .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/user")));

        Jrun.Result exec = jrun.run("exec", id, "sh", "-c", "id -u; cat /proc/self/uid_map; readlink /proc/self/ns/user");
        assertEquals(0, exec.exitCode(), exec.toString());
        List<String> out = exec.stdout().lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList();
        assertEquals("0", out.get(0));
        assertEquals("0 200000 65536", out.get(1));
        assertEquals(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/user")).toString(), out.get(2));
        // a user of the container is the base plus its uid on the host
        Jrun.Result asUser = jrun.run("exec", "--user", "1000:1000", id, "touch", "/shared/made-by-1000");
        assertEquals(0, asUser.exitCode(), asUser.toString());
        Path made = shared.resolve("made-by-1000");
        assertEquals(HOST_BASE + 1000, (int) Files.getAttribute(made, "unix:uid"));
        assertEquals(HOST_BASE + 1000, (int) Files.getAttribute(made, "unix:gid"));
        assertEquals(0, jrun.run("delete", "--force", id).exitCode());
    }

    @Test
    void badMappingsAreRefusedAndLeaveNothing() {
        Bundle b = mapped();
        ((ObjectNode) b.linux().get("uidMappings").get(0)).put("containerID", 1);
        b.write();
        String id = newId();
        Jrun.Result r = jrun.run("create", "--bundle", b.dir.toString(), id);
        assertOneErrorLine(r, "linux.uidMappings: container uid 0 is not mapped");
        assertNoStateDir(id);

        Bundle user = mapped();
        user.process().putObject("user").put("uid", 70000).put("gid", 0);
        user.write();
        String id2 = newId();
        assertOneErrorLine(jrun.run("create", "--bundle", user.dir.toString(), id2),
                "process.user.uid: 70000 is not mapped by linux.uidMappings");
        assertNoStateDir(id2);
    }
}
