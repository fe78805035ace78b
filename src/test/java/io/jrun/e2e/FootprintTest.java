package io.jrun.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No JVM inside: the process that becomes the container is the native shim, so a container whose
 * cgroup allows 16 MiB of memory and 4 pids runs. The limits are written here directly; the
 * cgroup feature that writes them from config.json is separate.
 */
class FootprintTest extends ContainerTest {
    private final List<Path> made = new ArrayList<>();

    @AfterEach
    void removeCgroups() {
        for (Path p : made.reversed()) {
            try {
                Files.deleteIfExists(p);
            } catch (java.io.IOException e) {
                // jrun delete removed it already
            }
        }
    }

    /** Makes /jrun-e2e-<id> with the limits in the memory and pids controllers, v1 or v2. */
    private String limitedCgroup(String id, long memoryBytes, int pids) throws Exception {
        String path = "/jrun-e2e-limits-" + id;
        for (Host.Hierarchy h : Host.cgroupHierarchies()) {
            Path dir = h.dir(path);
            if (h.v2() && Host.cgroupV2Only()) {
                Files.createDirectory(dir);
                made.add(dir);
                Files.writeString(dir.resolve("memory.max"), Long.toString(memoryBytes));
                Files.writeString(dir.resolve("memory.swap.max"), "0");
                Files.writeString(dir.resolve("pids.max"), Integer.toString(pids));
            } else if (Files.exists(h.mountPoint().resolve("memory.limit_in_bytes"))) {
                Files.createDirectory(dir);
                made.add(dir);
                Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
            } else if (Files.exists(h.mountPoint().resolve("pids.max")) || h.mountPoint().endsWith("pids")) {
                Files.createDirectory(dir);
                made.add(dir);
                Files.writeString(dir.resolve("pids.max"), Integer.toString(pids));
            }
        }
        assertThat(made).as("a memory and a pids cgroup").hasSizeGreaterThanOrEqualTo(1);
        return path;
    }

    @Test
    void runsTrueWithin16MiBAnd4Pids() throws Exception {
        String id = newId();
        String cgroup = limitedCgroup(id, 16L << 20, 4);
        Bundle b = bundle().args("/bin/true").cgroupsPath(cgroup).write();

        Jrun.Result created = jrun.run("create", "--bundle", b.dir.toString(), id);
        assertEquals(0, created.exitCode(), created.toString());
        int pid = state(id).get("pid").asInt();
        // Inside the limited cgroup there is exactly one process, and it is not a JVM.
        for (Path dir : made) {
            assertEquals(List.of(Integer.toString(pid)), Files.readAllLines(dir.resolve("cgroup.procs")), dir.toString());
        }
        Path exe = Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe"));
        assertFalse(exe.toString().contains("java"), "init is " + exe);
        assertThat(Files.readString(Path.of("/proc/" + pid + "/status"))).doesNotContain("java");

        assertEquals(0, jrun.run("start", id).exitCode());
        Host.waitUntil("true has run", () -> status(id).equals("stopped"));
        assertEquals(0, jrun.run("delete", id).exitCode());
        for (Path dir : made) {
            assertFalse(Files.exists(dir), "jrun delete removes the container's cgroup " + dir);
        }
    }

    @Test
    void runsInTheForegroundUnderTheSameLimits() throws Exception {
        String id = newId();
        String cgroup = limitedCgroup(id, 16L << 20, 4);
        Bundle b = bundle().args("/bin/true").cgroupsPath(cgroup).write();
        Jrun.Result r = jrun.run("run", "--bundle", b.dir.toString(), id);
        assertEquals(0, r.exitCode(), r.toString());
    }
}
