package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The escapes found in other runtimes, one class of them per test: a rootfs (and a process) that
 * try them must fail safely or stay contained, with nothing on the host changed.
 */
class HostileRootfsTest extends ContainerTest {

    /** An empty host directory a hostile rootfs points at. */
    private Path hostDir() throws IOException {
        return Files.createDirectories(testDir.resolve("host-dir"));
    }

    private static List<Path> contents(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void mountTargetsThroughLinksOutOfTheRootfsStayInside() throws IOException {
        // CVE-2021-30465 class: links to a host path, absolute and by "..", as mount destinations.
        Path host = hostDir();
        Bundle b = bundle().sh("stat -f -c %T /abs/sub /rel/sub; cat /abs/file/data");
        Files.createSymbolicLink(b.dir.resolve("rootfs/abs"), host);
        Files.createSymbolicLink(b.dir.resolve("rootfs/rel"), Path.of("../../../../../../../../../.." + host));
        Files.createDirectories(b.dir.resolve("shared"));
        Files.writeString(b.dir.resolve("shared/data"), "bound\n");
        b.mount("/abs/sub", "tmpfs", "tmpfs");
        b.mount("/rel/sub", "tmpfs", "tmpfs");
        b.mount("/abs/file", "bind", b.dir.resolve("shared").toString(), "bind", "ro");
        assertEquals(List.of("tmpfs", "tmpfs", "bound"), runOk(b).lines().toList());
        assertEquals(List.of(), contents(host), "nothing was made in the host directory");
        assertTrue(Files.isDirectory(b.dir.resolve("rootfs").resolve(host.toString().substring(1)).resolve("sub")),
                "the mount points were made inside the rootfs, where the links lead there");
    }

    @Test
    void aWorkingDirectoryThroughALinkStaysInside() throws IOException {
        Path host = hostDir();
        Bundle b = bundle().sh("touch made-here && pwd");
        Files.createSymbolicLink(b.dir.resolve("rootfs/work"), host);
        b.process().put("cwd", "/work/app");
        runOk(b);
        assertEquals(List.of(), contents(host));
        assertTrue(Files.exists(b.dir.resolve("rootfs").resolve(host.toString().substring(1)).resolve("app/made-here")));
    }

    @Test
    void noDescriptorOfTheCallerReachesTheContainerAndCwdIsResolvedInside() {
        // CVE-2024-21626 class: the caller's fd 7 (a host directory) must not be there, and a cwd
        // through /proc/self/fd must not lead to any descriptor of jrun's.
        Bundle b = bundle().sh("ls /proc/1/fd; readlink /proc/1/cwd");
        b.write();
        String out = Host.sh("exec 7</; exec 8</etc; " + Jrun.BINARY + " --root " + jrun.root() + " run --bundle " + b.dir
                + " " + newId());
        assertEquals(List.of("0", "1", "2", "/"), out.lines().toList());

        for (int fd = 3; fd <= 12; fd++) {
            Bundle c = bundle().sh("pwd; ls / | head -3");
            c.process().put("cwd", "/proc/self/fd/" + fd);
            c.write();
            String id = newId();
            Jrun.Result r = jrun.run("run", "--bundle", c.dir.toString(), id);
            if (r.exitCode() == 0) {
                assertThat(r.stdout()).as("cwd fd " + fd).doesNotContain("host-dir").doesNotContain("jrun-e2e");
            } else {
                assertOneErrorLine(r, "working directory");
                assertNoStateDir(id);
            }
        }
    }

    @Test
    void theCallersEnvironmentStaysOut() {
        Bundle b = bundle().args("env");
        b.write();
        Jrun.Result r = jrun.exec(null, null, Map.of("JRUN_TEST_SECRET", "s3cr3t"), "run", "--bundle", b.dir.toString(),
                newId());
        assertEquals(0, r.exitCode(), r.toString());
        assertThat(r.stdout()).doesNotContain("s3cr3t").doesNotContain("JRUN").doesNotContain("JAVA");
    }

    @Test
    void theRuntimeBinaryCannotBeReachedOrWrittenFromInside() throws Exception {
        // CVE-2019-5736 class: a created container's init is jrun's shim, pid 1 inside. An exec'd
        // process tries its /proc/1/exe, without and with the capabilities that would allow it.
        Path binary = Jrun.BINARY.toRealPath();
        String before = sha256(binary);
        Bundle b = bundle().args("true");
        b.write();
        String id = newId();
        assertEquals(0, jrun.run("create", "--bundle", b.dir.toString(), id).exitCode());

        Jrun.Result plain = jrun.run("exec", id, "sh", "-c",
                "cat /proc/1/exe > /dev/null 2>&1 && echo read; echo x 2>/dev/null >> /proc/1/exe && echo written; true");
        assertEquals(0, plain.exitCode(), plain.toString());
        assertEquals("", plain.stdout(), "the shim is not dumpable: its exe is out of reach");

        Jrun.Result privileged = jrun.run("exec", "--cap", "CAP_SYS_PTRACE", "--cap", "CAP_DAC_OVERRIDE", id, "sh", "-c",
                "readlink /proc/1/exe; echo x 2>/dev/null >> /proc/1/exe && echo written;"
                        + " dd if=/dev/zero of=/proc/1/exe bs=1 count=1 conv=notrunc 2>/dev/null && echo overwritten; true");
        assertEquals(0, privileged.exitCode(), privileged.toString());
        assertThat(privileged.stdout()).doesNotContain("written").doesNotContain(binary.toString());
        assertThat(privileged.stdout().lines().findFirst().orElse("")).startsWith("/memfd:jrun");
        assertEquals(before, sha256(binary), "the host's jrun binary is unchanged");
    }

    @Test
    void aSysctlCannotBeRedirectedByAFakeProc() throws IOException {
        // CVE-2025-52881 class: the container's /proc is a directory of the bundle with a file where
        // the sysctl would go. The write goes to the container's network namespace all the same.
        Path fake = Files.createDirectories(testDir.resolve("fake-proc/sys/net/ipv4"));
        Files.writeString(fake.resolve("ip_forward"), "fake\n");
        Bundle b = bundle().sh("cat /proc/sys/net/ipv4/ip_forward /realproc/sys/net/ipv4/ip_forward");
        for (var it = b.mounts().iterator(); it.hasNext(); ) {
            if (it.next().path("destination").asText().equals("/proc")) {
                it.remove();
            }
        }
        b.mount("/proc", "bind", testDir.resolve("fake-proc").toString(), "rbind");
        b.mount("/realproc", "proc", "proc");
        b.linux().putArray("maskedPaths");
        b.linux().putArray("readonlyPaths");
        b.linux().putObject("sysctl").put("net.ipv4.ip_forward", "1");
        assertEquals(List.of("fake", "1"), runOk(b).lines().toList());
        assertEquals("fake\n", Files.readString(fake.resolve("ip_forward")));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
