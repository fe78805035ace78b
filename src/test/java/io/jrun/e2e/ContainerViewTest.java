package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a process inside sees: its pid, names, filesystem, identity, devices and namespaces. */
class ContainerViewTest extends ContainerTest {

    @Test
    void seesItselfAsPidOneWithItsOwnHostname() throws Exception {
        Bundle b = bundle().hostname("jrun-e2e").sh("echo $$; hostname; cat /proc/1/cmdline | tr '\\0' ' '; echo; ps -o comm; true");
        List<String> lines = runOk(b).lines().toList();
        assertEquals("1", lines.get(0));
        assertEquals("jrun-e2e", lines.get(1));
        assertEquals("sh -c " + b.node("/process/args/2").asText(), lines.get(2).strip());
        // Only sh and ps itself: no host process is visible.
        assertEquals(List.of("COMMAND", "sh", "ps"), lines.subList(3, lines.size()).stream().map(String::strip).toList());
        assertNotEquals(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(), "jrun-e2e");
    }

    @Test
    void seesOnlyTheRootfs() {
        Bundle b = bundle().sh("ls /; echo ---; awk '$5 == \"/\"' /proc/self/mountinfo");
        String[] parts = runOk(b).split("---\n");
        Set<String> top = Set.of(parts[0].strip().split("\\s+"));
        assertEquals(Set.of("bin", "dev", "etc", "home", "linuxrc", "proc", "root", "run", "sbin", "sys", "tmp", "usr", "var"), top);
        // The root mount is the bundle's rootfs directory, not the host's /.
        String rootLine = parts[1].strip();
        assertEquals(b.rootfs.toString(), rootLine.split(" ")[3], rootLine);
    }

    @Test
    void runsAsTheConfiguredUserWithItsGroups() {
        Bundle b = bundle().sh("grep -E '^(Uid|Gid|Groups):' /proc/self/status; id -un");
        ObjectNode user = b.process().putObject("user");
        user.put("uid", 1000).put("gid", 1000);
        user.putArray("additionalGids").add(100).add(5);
        List<String> lines = runOk(b).lines().toList();
        assertEquals("Uid:\t1000\t1000\t1000\t1000", lines.get(0));
        assertEquals("Gid:\t1000\t1000\t1000\t1000", lines.get(1));
        assertEquals(Set.of("5", "100"), Set.of(lines.get(2).substring("Groups:".length()).strip().split("\\s+")));
        assertEquals("tester", lines.get(3));
    }

    @Test
    void getsItsEnvironmentAndWorkingDirectory() {
        Bundle b = bundle().sh("echo \"$A|$B|$HOME\"; pwd; env | grep -c JRUN_LEAK || true");
        ArrayNode env = b.process().putArray("env");
        env.add("PATH=/bin:/usr/bin").add("A=1").add("B=two words");
        b.process().put("cwd", "/work/dir");
        List<String> lines = runOk(b).lines().toList();
        assertEquals("1|two words|/root", lines.get(0), "HOME comes from the rootfs's /etc/passwd");
        assertEquals("/work/dir", lines.get(1), "a missing cwd is created, as runc does");
        assertEquals("0", lines.get(2), "the caller's environment does not reach the container");
    }

    @Test
    void callerEnvironmentStaysOutside() {
        Bundle b = bundle().sh("env | sort").write();
        Jrun.Result r = jrun.exec(null, null, java.util.Map.of("JRUN_SECRET", "s3cret"), "run", "--bundle",
                b.dir.toString(), newId());
        assertEquals(0, r.exitCode(), r.toString());
        assertThat(r.stdout()).doesNotContain("s3cret").contains("TERM=xterm");
    }

    @Test
    void readonlyRootCannotBeWritten() {
        Bundle b = bundle().readonly(true)
                .mount("/scratch", "tmpfs", "tmpfs", "nosuid", "nodev", "mode=1777", "size=1m")
                .sh("touch /newfile 2>&1; echo rc=$?; touch /scratch/ok && echo scratch-ok; awk '$5 == \"/\"' /proc/self/mountinfo");
        String out = runOk(b);
        assertThat(out).contains("Read-only file system").contains("rc=1").contains("scratch-ok");
        String rootLine = out.lines().filter(l -> l.split(" ").length > 5 && l.split(" ")[4].equals("/")).findFirst().orElseThrow();
        assertThat(rootLine.split(" ")[5]).startsWith("ro,");
        assertTrue(!Files.exists(b.rootfs.resolve("newfile")));
    }

    @Test
    void hasTheDefaultDevicesAndTheConfiguredOnes() {
        Bundle b = bundle().sh("for d in null zero full random urandom tty jrun-null; do stat -c '%n %F %t:%T %a' /dev/$d; done;"
                + " for l in fd stdin stdout stderr ptmx; do echo /dev/$l=$(readlink /dev/$l); done;"
                + " echo hello > /dev/null && head -c 4 /dev/zero | od -An -tx1 | tr -d ' \\n'; echo");
        ObjectNode dev = b.linux().putArray("devices").addObject();
        dev.put("path", "/dev/jrun-null").put("type", "c").put("major", 1).put("minor", 3).put("fileMode", 0600)
                .put("uid", 0).put("gid", 0);
        List<String> lines = runOk(b).lines().toList();
        assertEquals(List.of(
                "/dev/null character special file 1:3 666",
                "/dev/zero character special file 1:5 666",
                "/dev/full character special file 1:7 666",
                "/dev/random character special file 1:8 666",
                "/dev/urandom character special file 1:9 666",
                "/dev/tty character special file 5:0 666",
                "/dev/jrun-null character special file 1:3 600",
                "/dev/fd=/proc/self/fd",
                "/dev/stdin=/proc/self/fd/0",
                "/dev/stdout=/proc/self/fd/1",
                "/dev/stderr=/proc/self/fd/2",
                "/dev/ptmx=pts/ptmx",
                "00000000"), lines);
    }

    @Test
    void bindMountsHonourTheirOptions() throws Exception {
        Path shared = Files.createDirectory(testDir.resolve("shared"));
        Path ro = Files.createDirectory(testDir.resolve("ro"));
        Files.writeString(ro.resolve("hello"), "from the host\n");
        Path file = Files.writeString(testDir.resolve("one-file"), "a single file\n");
        Bundle b = bundle()
                .mount("/shared", "bind", shared.toString(), "rbind", "rw")
                .mount("/ro", "bind", ro.toString(), "bind", "ro", "nosuid", "noexec")
                .mount("/etc/one-file", "bind", file.toString(), "bind", "ro")
                .sh("echo written > /shared/out; cat /ro/hello; touch /ro/x 2>/dev/null || echo ro-refused;"
                        + " cat /etc/one-file; grep -E ' /ro ' /proc/self/mountinfo");
        String out = runOk(b);
        assertEquals("written\n", Files.readString(shared.resolve("out")));
        assertThat(out).contains("from the host").contains("ro-refused").contains("a single file");
        String roLine = out.lines().filter(l -> l.contains(" /ro ")).findFirst().orElseThrow();
        assertThat(roLine.split(" ")[5]).contains("ro").contains("nosuid").contains("noexec");
    }

    @Test
    void mountPropagationOptionsAreApplied() throws Exception {
        Path dir = Files.createDirectory(testDir.resolve("prop"));
        Bundle b = bundle().mount("/shared", "bind", dir.toString(), "rbind", "rshared")
                .mount("/private", "bind", dir.toString(), "rbind", "rprivate")
                .sh("awk '$5 == \"/shared\" || $5 == \"/private\" {print $5, $7}' /proc/self/mountinfo");
        List<String> lines = runOk(b).lines().toList();
        assertThat(lines.stream().filter(l -> l.startsWith("/shared ")).findFirst().orElseThrow()).contains("shared:");
        assertThat(lines.stream().filter(l -> l.startsWith("/private ")).findFirst().orElseThrow())
                .doesNotContain("shared:").doesNotContain("master:");
    }

    @Test
    void tmpfsAndProcOptionsReachTheKernel() {
        Bundle b = bundle().mount("/scratch", "tmpfs", "tmpfs", "nosuid", "noexec", "mode=1770", "size=2m")
                .sh("stat -c %a /scratch; grep ' /scratch ' /proc/self/mountinfo; grep ' /proc ' /proc/self/mountinfo");
        List<String> lines = runOk(b).lines().toList();
        assertEquals("1770", lines.get(0));
        assertThat(lines.get(1)).contains("nosuid").contains("noexec").contains("size=2048k").contains("mode=1770");
        assertThat(lines.get(2)).contains(" proc proc ");
    }

    @Test
    void rootfsPropagationIsApplied() {
        Bundle shared = bundle().sh("awk '$5 == \"/\"' /proc/self/mountinfo");
        shared.linux().put("rootfsPropagation", "shared");
        assertThat(runOk(shared)).contains("shared:");

        Bundle priv = bundle().sh("awk '$5 == \"/\"' /proc/self/mountinfo");
        priv.linux().put("rootfsPropagation", "rprivate");
        String line = runOk(priv).strip();
        assertThat(line).doesNotContain("shared:").doesNotContain("master:");
    }

    @Test
    void getsNewNamespacesAndCanJoinAnother() throws Exception {
        Bundle first = bundle().args("sleep", "1000").write();
        String a = newId();
        Jrun.Result r = jrun.run("run", "--detach", "--bundle", first.dir.toString(), a);
        assertEquals(0, r.exitCode(), r.toString());
        int pidA = state(a).get("pid").asInt();
        String netA = Files.readSymbolicLink(Path.of("/proc/" + pidA + "/ns/net")).toString();

        Bundle second = bundle().sh("for n in net pid mnt uts ipc cgroup; do readlink /proc/self/ns/$n; done");
        for (var ns : second.linux().withArray("namespaces")) {
            if (ns.get("type").asText().equals("network")) {
                ((ObjectNode) ns).put("path", "/proc/" + pidA + "/ns/net");
            }
        }
        List<String> inside = runOk(second).lines().toList();
        assertEquals(netA, inside.get(0), "joined the first container's network namespace");
        List<String> names = List.of("pid", "mnt", "uts", "ipc", "cgroup");
        for (int i = 1; i < inside.size(); i++) {
            String host = Files.readSymbolicLink(Path.of("/proc/self/ns/" + names.get(i - 1))).toString();
            assertNotEquals(host, inside.get(i), names.get(i - 1) + " namespace must be new");
        }
    }

    @Test
    void noPivotStillConfinesToTheRootfs() {
        Bundle b = bundle().sh("ls / | tr '\\n' ' '; grep -c . /proc/self/mountinfo").write();
        Jrun.Result r = jrun.run("run", "--no-pivot", "--bundle", b.dir.toString(), newId());
        assertEquals(0, r.exitCode(), r.toString());
        assertThat(r.stdout()).startsWith("bin dev etc home linuxrc proc root run sbin sys tmp usr var");
    }

    @Test
    void cgroupNamespaceShowsTheContainersCgroupAsRoot() {
        Bundle b = bundle().sh("cat /proc/self/cgroup");
        for (String line : runOk(b).strip().split("\n")) {
            assertTrue(line.endsWith(":/"), "every hierarchy shows / inside: " + line);
        }
    }

    @Test
    void stdioIsPassedThrough() {
        Bundle b = bundle().sh("cat; echo to-stderr >&2").write();
        Jrun.Result r = jrun.runWithInput("hello from stdin\n", "run", "--bundle", b.dir.toString(), newId());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("hello from stdin\n", r.stdout());
        assertEquals("to-stderr\n", r.stderr());
    }

    @Test
    void homeComesFromTheContainersOwnPasswd() throws Exception {
        // A passwd bind-mounted from the host counts, as in runc, for a uid without HOME in env.
        Path passwd = Files.writeString(testDir.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\ntester:x:1000:1000::/srv/tester:/bin/sh\n");
        Bundle mounted = bundle().mount("/etc/passwd", "bind", passwd.toString(), "bind", "ro").sh("echo $HOME");
        mounted.process().putObject("user").put("uid", 1000).put("gid", 1000);
        assertEquals("/srv/tester", runOk(mounted).strip());

        // /etc as a relative symlink inside the rootfs is followed, inside the rootfs.
        Bundle linked = bundle().sh("echo $HOME");
        Host.sh("mkdir -p " + linked.rootfs.resolve("usr") + " && mv " + linked.rootfs.resolve("etc") + " "
                + linked.rootfs.resolve("usr/etc") + " && ln -s usr/etc " + linked.rootfs.resolve("etc"));
        linked.process().putObject("user").put("uid", 1000).put("gid", 1000);
        assertEquals("/home/tester", runOk(linked).strip());
    }

    @Test
    void aHugeEnvironmentAndManyGroupsFit() {
        Bundle b = bundle().sh("env | grep -c '^V[0-9]'; grep -c . /proc/self/status > /dev/null; id -G | wc -w");
        var env = b.process().putArray("env");
        env.add("PATH=/bin:/usr/bin");
        for (int i = 0; i < 70000; i++) {
            env.add("V" + i + "=" + i);
        }
        var user = b.process().putObject("user");
        user.put("uid", 0).put("gid", 0);
        var gids = user.putArray("additionalGids");
        for (int g = 1; g <= 65536; g++) { // NGROUPS_MAX
            gids.add(g);
        }
        List<String> out = runOk(b).lines().toList();
        assertEquals("70000", out.get(0).strip());
        assertThat(Integer.parseInt(out.get(1).strip())).as("groups").isGreaterThan(65535);
    }
}
