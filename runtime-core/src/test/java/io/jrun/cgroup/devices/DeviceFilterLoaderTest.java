package io.jrun.cgroup.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrun.error.Errno;
import io.jrun.error.SyscallException;
import io.jrun.spec.LinuxDeviceCgroup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attaches real filters to a scratch cgroup v2 directory and checks what a process in it may open.
 * Needs root and a cgroup v2 mount (unified or hybrid); skipped, with the reason, otherwise.
 */
class DeviceFilterLoaderTest {
    private static final LinuxDeviceCgroup DENY_ALL = new LinuxDeviceCgroup(false, null, null, null, "rwm");
    private static final LinuxDeviceCgroup DEV_NULL = new LinuxDeviceCgroup(true, "c", 1L, 3L, "rwm");
    private static final LinuxDeviceCgroup DEV_ZERO = new LinuxDeviceCgroup(true, "c", 1L, 5L, "rwm");

    private Path cgroup;

    @BeforeEach
    void makeCgroup() throws IOException {
        assumeTrue(isRoot(), "needs root: bpf(BPF_PROG_LOAD) of a cgroup device program and a cgroup to attach it to");
        Optional<Path> root = cgroup2Mount();
        assumeTrue(root.isPresent(), "no cgroup2 file system is mounted");
        Path dir = root.get().resolve("jrun-bpf-test-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            assumeTrue(false, "cannot create a cgroup under " + root.get() + ": " + e);
        }
        cgroup = dir;
    }

    @AfterEach
    void removeCgroup() throws Exception {
        if (cgroup == null) {
            return;
        }
        // The children have been waited for, but the kernel may take a moment to empty the cgroup.
        for (int i = 0; ; i++) {
            try {
                Files.deleteIfExists(cgroup);
                return;
            } catch (IOException e) {
                if (i == 50) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void filterDecidesWhatAProcessInTheCgroupMayOpenAndAnUpdateReplacesIt() throws Exception {
        DeviceFilterLoader.apply(cgroup, List.of(DENY_ALL, DEV_ZERO));
        List<DeviceFilterLoader.AttachedProgram> first = DeviceFilterLoader.attached(cgroup);
        assertEquals(1, first.size(), first::toString);
        assertEquals(DeviceFilterLoader.PROGRAM_NAME, first.get(0).name());

        Result devNull = runInCgroup("exec cat /dev/null");
        assertNotEquals(0, devNull.status(), devNull::toString);
        assertTrue(devNull.stderr().contains("Operation not permitted"), devNull::toString);
        Result devZero = runInCgroup("exec head -c 1 /dev/zero");
        assertEquals(new Result(0, "\0", ""), devZero);

        // update: /dev/null too
        DeviceFilterLoader.apply(cgroup, List.of(DENY_ALL, DEV_ZERO, DEV_NULL));
        List<DeviceFilterLoader.AttachedProgram> second = DeviceFilterLoader.attached(cgroup);
        assertEquals(1, second.size(), "the old program is detached: " + second);
        assertNotEquals(first.get(0).id(), second.get(0).id());

        assertEquals(new Result(0, "", ""), runInCgroup("exec cat /dev/null"));
        assertEquals(new Result(0, "\0", ""), runInCgroup("exec head -c 1 /dev/zero"));
        Result devFull = runInCgroup("exec head -c 1 /dev/full");
        assertTrue(devFull.stderr().contains("Operation not permitted"), devFull::toString);
    }

    @Test
    void theVerifierLogSaysWhyAProgramIsRejected() {
        // r0 is returned without ever being written
        ByteBuffer bad = ByteBuffer.allocate(Bpf.INSN_SIZE);
        Bpf.encode(bad, Bpf.BPF_JMP | Bpf.BPF_EXIT, 0, 0, 0, 0);
        SyscallException e = assertThrows(SyscallException.class, () -> DeviceFilterLoader.attach(cgroup, bad.array()));
        assertEquals("load the device filter", e.operation());
        assertEquals(Errno.EACCES, e.errno());
        assertTrue(e.getMessage().contains("verifier log:") && e.getMessage().contains("R0"), e.getMessage());
        assertEquals(List.of(), DeviceFilterLoader.attached(cgroup));
    }

    @Test
    void attachingToAMissingCgroupNamesIt() {
        Path missing = cgroup.resolve("missing");
        SyscallException e = assertThrows(SyscallException.class,
                () -> DeviceFilterLoader.apply(missing, List.of(DENY_ALL)));
        assertEquals("attach the device filter to " + missing, e.operation());
        assertEquals(Errno.ENOENT, e.errno());
    }

    record Result(int status, String stdout, String stderr) {}

    /** sh moves itself into the cgroup, then runs {@code command} there. */
    private Result runInCgroup(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "echo $$ > '" + cgroup.resolve("cgroup.procs") + "' && " + command)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(); // so that the cgroup can be removed
            throw new AssertionError("sh -c " + command + " did not finish");
        }
        return new Result(p.exitValue(), out, err);
    }

    private static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[2].equals("0"); // effective uid
            }
        }
        return false;
    }

    private static Optional<Path> cgroup2Mount() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[2].equals("cgroup2")) {
                return Optional.of(Path.of(f[1].replace("\\040", " ")));
            }
        }
        return Optional.empty();
    }
}
