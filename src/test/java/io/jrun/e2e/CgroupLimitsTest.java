package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Resource limits checked by their effect, from inside the container (which, with its own cgroup
 * namespace, sees its cgroup at /sys/fs/cgroup). The same class runs on this cgroup v1 host and,
 * through scripts/test-cgroup-v2.sh, on a pure cgroup v2 VM: most tests are one `jrun run`,
 * because every jrun call starts a JVM and a JVM is slow under emulation.
 */
class CgroupLimitsTest extends ContainerTest {
    private static final boolean V2 = Host.cgroupV2Only();
    /** Wall time in centiseconds, from inside (busybox's date has no nanoseconds). */
    private static final String UPTIME_CS = "$(sed 's/ .*//; s/\\.//' /proc/uptime)";

    /** Where a controller's file is inside the container. */
    private static String file(String v1Controller, String v1File, String v2File) {
        return V2 ? "/sys/fs/cgroup/" + v2File : "/sys/fs/cgroup/" + v1Controller + "/" + v1File;
    }

    private Bundle limited(String script) {
        Bundle b = bundle().sh(script);
        b.linux().putObject("resources");
        return b;
    }

    private ObjectNode resources(Bundle b) {
        return (ObjectNode) b.linux().get("resources");
    }

    @Test
    void memoryLimitOomKillsWhatAllocatesPastIt() {
        Bundle b = limited("cat " + file("memory", "memory.limit_in_bytes", "memory.max")
                + "; dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null; echo dd=$?");
        resources(b).putObject("memory").put("limit", 32L << 20).put("swap", 32L << 20);
        List<String> out = runOk(b).lines().toList();
        assertEquals(Long.toString(32L << 20), out.get(0));
        assertEquals("dd=137", out.get(1), "dd must be killed by the OOM killer (SIGKILL)");
    }

    @Test
    void runReports137WhenInitIsOomKilled() {
        Bundle b = limited("exec dd if=/dev/zero of=/dev/null bs=64M count=1").write();
        resources(b).putObject("memory").put("limit", 32L << 20).put("swap", 32L << 20);
        b.write();
        String id = newId();
        Jrun.Result r = jrun.run("run", "--bundle", b.dir.toString(), id);
        assertEquals(137, r.exitCode(), r.toString());
        assertNoStateDir(id);
    }

    @Test
    void forkLoopStopsAtThePidsLimit() {
        Bundle b = limited("cat " + file("pids", "pids.max", "pids.max")
                + "; n=0; while [ $n -lt 20 ]; do sleep 5 & n=$((n+1)); echo started $n; done 2>&1");
        resources(b).putObject("pids").put("limit", 10);
        b.write();
        // The shell gives up when fork fails: its exit status is not the point, what it started is.
        String out = jrun.run("run", "--bundle", b.dir.toString(), newId()).stdout();
        assertThat(out).startsWith("10\n").contains("started 9\n").doesNotContain("started 10\n").containsIgnoringCase("fork");
    }

    @Test
    void cpuQuotaHoldsABusyLoopNearTwentyPercent() {
        // Usage of the container's own cgroup over 2 s of wall time, read from inside.
        String usage = V2 ? "$(awk '/usage_usec/ {print $2 * 1000}' /sys/fs/cgroup/cpu.stat)"
                : "$(cat /sys/fs/cgroup/cpuacct/cpuacct.usage)";
        Bundle b = limited("(while :; do :; done) & sleep 0.5; a=" + usage + "; t0=" + UPTIME_CS + "; sleep 2;"
                + " b=" + usage + "; t1=" + UPTIME_CS + "; kill %1; echo $(( (b - a) / ((t1 - t0) * 10000) ))");
        resources(b).putObject("cpu").put("quota", 20000).put("period", 100000);
        long permille = Long.parseLong(runOk(b).strip());
        assertThat(permille).as("CPU used, in per mille of one CPU").isBetween(100L, 300L);
    }

    @Test
    void cpusetPinsTheContainer() {
        Bundle b = limited("grep Cpus_allowed_list /proc/self/status");
        resources(b).putObject("cpu").put("cpus", "0");
        assertEquals("Cpus_allowed_list:\t0", runOk(b).strip());
    }

    @Test
    void sharesAreWrittenAsSharesOrWeight() {
        Bundle b = limited("cat " + file("cpu", "cpu.shares", "cpu.weight"));
        resources(b).putObject("cpu").put("shares", 512);
        // cgroup v2: 1 + (512 - 2) * 9999 / 262142 = 20
        assertEquals(V2 ? "20" : "512", runOk(b).strip());
    }

    @Test
    void deviceRulesDecideWhatCanBeOpened() {
        // tun (10:200) is not among the devices every container may use: the rules decide. Opening
        // it without TUNSETIFF fails with EBADFD once the cgroup lets the open through.
        String probe = "mknod /tmp/tun c 10 200; head -c 1 /tmp/tun 2>&1;"
                + " head -c 1 /dev/zero | wc -c; echo x > /dev/null && echo null-ok";
        Bundle denied = limited(probe).addCapabilities("CAP_MKNOD");
        resources(denied).putArray("devices").addObject().put("allow", false).put("access", "rwm");
        List<String> out = runOk(denied).lines().toList();
        assertThat(out.get(0)).contains("Operation not permitted");
        assertEquals("1", out.get(1).strip(), "the default devices stay usable");
        assertEquals("null-ok", out.get(2));

        Bundle allowed = limited(probe).addCapabilities("CAP_MKNOD");
        var rules = resources(allowed).putArray("devices");
        rules.addObject().put("allow", false).put("access", "rwm");
        rules.addObject().put("allow", true).put("type", "c").put("major", 10).put("minor", 200).put("access", "rwm");
        // The open passes the cgroup; reading an unconfigured tun device then fails otherwise (EBADFD/EIO).
        assertThat(runOk(allowed).lines().findFirst().orElseThrow()).startsWith("head: /tmp/tun: ")
                .doesNotContain("not permitted");

        // A later deny of reads wins over the earlier allow.
        Bundle readDenied = limited(probe).addCapabilities("CAP_MKNOD");
        var later = resources(readDenied).putArray("devices");
        later.addObject().put("allow", true).put("type", "c").put("major", 10).put("minor", 200).put("access", "rwm");
        later.addObject().put("allow", false).put("type", "c").put("major", 10).put("minor", 200).put("access", "r");
        assertThat(runOk(readDenied).lines().findFirst().orElseThrow()).contains("Operation not permitted");
    }

    @Test
    void aDeviceOutsideTheRulesCannotBeUsedEvenIfCreated() {
        // mknod is allowed (runc's default "c *:* m"), opening is not: /dev/mem-like 1:1 stays closed.
        Bundle b = limited("mknod /tmp/mem c 1 1 && head -c 1 /tmp/mem 2>&1 | grep -c 'not permitted'")
                .addCapabilities("CAP_MKNOD");
        resources(b).putArray("devices").addObject().put("allow", false).put("access", "rwm");
        assertEquals("1", runOk(b).strip());
    }

    @Test
    void tinyContainerStartsUnder1MiBAnd2Pids() {
        Bundle b = bundle().args("/bin/true");
        ObjectNode r = b.linux().putObject("resources");
        r.putObject("memory").put("limit", 1L << 20);
        r.putObject("pids").put("limit", 2);
        runOk(b);
    }

    @Test
    void blockIoReadsAreThrottled() {
        Path dev = Path.of("/sys/block/vda/dev");
        assumeTrue(Files.exists(dev) && Host.canRead(Path.of("/dev/vda")),
                "needs a readable block device /dev/vda (some sandboxes deny block devices even to root)");
        String[] mm = Host.sh("cat " + dev).strip().split(":");
        Bundle b = limited("cat " + file("blkio", "blkio.throttle.read_bps_device", "io.max") + ";"
                + " t0=" + UPTIME_CS + "; dd if=/dev/jrun-disk of=/dev/null bs=256k count=8 iflag=direct 2>/dev/null;"
                + " t1=" + UPTIME_CS + "; echo ms=$(( (t1 - t0) * 10 ))");
        ObjectNode disk = b.linux().putArray("devices").addObject();
        disk.put("path", "/dev/jrun-disk").put("type", "b").put("major", Integer.parseInt(mm[0]))
                .put("minor", Integer.parseInt(mm[1])).put("fileMode", 0400);
        ObjectNode rule = resources(b).putObject("blockIO").putArray("throttleReadBpsDevice").addObject();
        rule.put("major", Integer.parseInt(mm[0])).put("minor", Integer.parseInt(mm[1])).put("rate", 1L << 20);
        List<String> out = runOk(b).lines().toList();
        assertThat(out.get(0)).contains(mm[0] + ":" + mm[1]).contains(V2 ? "rbps=1048576" : "1048576");
        long ms = Long.parseLong(out.getLast().substring(3));
        // 2 MiB at 1 MiB/s: the throttle lets a first burst through, so expect at least about a second.
        assertThat(ms).as("time to read 2 MiB at 1 MiB/s").isGreaterThan(900);
    }

    @Test
    void pauseStopsTheContainerAndResumeRestartsIt() throws Exception {
        Path out = Files.createDirectories(testDir.resolve("out"));
        Bundle b = bundle().mount("/out", "bind", out.toString(), "bind")
                .sh("i=0; while true; do i=$((i+1)); echo $i > /out/count; sleep 0.05; done").write();
        String id = newId();
        assertEquals(0, jrun.run("run", "-d", "--bundle", b.dir.toString(), id).exitCode());
        Host.waitUntil("the counter runs", () -> Files.exists(out.resolve("count")));
        assertEquals(0, jrun.run("pause", id).exitCode());
        String frozen = Files.readString(out.resolve("count"));
        assertEquals("paused", status(id));
        Thread.sleep(700);
        assertEquals(frozen, Files.readString(out.resolve("count")), "no progress while paused");
        assertOneErrorLine(jrun.run("pause", id), "container already paused");
        assertEquals(0, jrun.run("resume", id).exitCode());
        Host.waitUntil("the counter moves again", () -> {
            try {
                return !Files.readString(out.resolve("count")).equals(frozen);
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertOneErrorLine(jrun.run("resume", id), "container not paused");
        // A paused container can be force-deleted.
        assertEquals(0, jrun.run("pause", id).exitCode());
        Jrun.Result deleted = jrun.run("delete", "--force", id);
        assertEquals(0, deleted.exitCode(), deleted.toString());
        assertNoStateDir(id);
    }

    @Test
    void updateChangesALiveLimit() throws Exception {
        Path out = Files.createDirectories(testDir.resolve("out"));
        // Each allocation attempt is triggered from the host through a file, after the update.
        Bundle b = bundle().mount("/out", "bind", out.toString(), "bind")
                .sh("while true; do if [ -e /out/go ]; then rm /out/go; dd if=/dev/zero of=/dev/null bs=48M count=1 2>/dev/null;"
                        + " echo $? > /out/result; fi; sleep 0.05; done");
        ObjectNode mem = b.linux().putObject("resources").putObject("memory");
        mem.put("limit", 32L << 20).put("swap", 32L << 20);
        b.write();
        String id = newId();
        assertEquals(0, jrun.run("run", "-d", "--bundle", b.dir.toString(), id).exitCode());
        assertEquals("137", allocate(out), "48 MiB does not fit in 32 MiB");

        Jrun.Result r = jrun.runWithInput("{\"memory\":{\"limit\":134217728,\"swap\":134217728},\"pids\":{\"limit\":0}}",
                "update", "--resources", "-", id);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("0", allocate(out), "48 MiB fits once the limit is 128 MiB");

        r = jrun.run("update", "--pids-limit", "7", id);
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode stats = Bundle.JSON.readTree(jrun.run("events", "--stats", id).stdout()).get("data");
        assertEquals(7, stats.at("/pids/limit").asLong());
        assertEquals(128L << 20, stats.at("/memory/usage/limit").asLong());
    }

    private static String allocate(Path out) throws Exception {
        Files.deleteIfExists(out.resolve("result"));
        Files.writeString(out.resolve("go"), "");
        Host.waitUntil("the allocation finished", () -> Files.exists(out.resolve("result")));
        Thread.sleep(50);
        return Files.readString(out.resolve("result")).strip();
    }

    @Test
    void eventsAndPsReportWhatIsInside() throws Exception {
        Path out = Files.createDirectories(testDir.resolve("out"));
        Bundle b = bundle().mount("/out", "bind", out.toString(), "bind")
                .sh("dd if=/dev/zero of=/dev/shm/blob bs=1M count=8 2>/dev/null; sleep 1000 & sleep 1000 & touch /out/ready; wait")
                .write();
        String id = newId();
        assertEquals(0, jrun.run("run", "-d", "--bundle", b.dir.toString(), id).exitCode());
        int init = state(id).get("pid").asInt();
        Host.waitUntil("three processes", () -> Files.exists(out.resolve("ready")));

        JsonNode pids = Bundle.JSON.readTree(jrun.run("ps", "--format", "json", id).stdout());
        assertThat(pids).hasSize(3);
        assertThat(pids.toString()).contains(Integer.toString(init));
        List<String> table = jrun.run("ps", id).stdout().lines().toList();
        assertThat(table.get(0)).contains("PID").contains("CMD");
        assertThat(table).hasSize(4);

        JsonNode event = Bundle.JSON.readTree(jrun.run("events", "--stats", id).stdout());
        assertEquals("stats", event.get("type").asText());
        assertEquals(id, event.get("id").asText());
        JsonNode data = event.get("data");
        assertEquals(3, data.at("/pids/current").asLong());
        assertThat(data.at("/memory/usage/usage").asLong()).as("memory in use, with the 8 MiB in /dev/shm")
                .isGreaterThan(8L << 20);
        assertThat(data.at("/cpu/usage/total").asLong()).isPositive();
    }

    @Test
    void eventsStreamReportsAnOomKill() throws Exception {
        Path out = Files.createDirectories(testDir.resolve("out"));
        Bundle b = bundle().mount("/out", "bind", out.toString(), "bind")
                .sh("while [ ! -e /out/go ]; do sleep 0.05; done; dd if=/dev/zero of=/dev/null bs=64M count=1; sleep 1000");
        b.linux().putObject("resources").putObject("memory").put("limit", 32L << 20).put("swap", 32L << 20);
        b.write();
        String id = newId();
        assertEquals(0, jrun.run("run", "-d", "--bundle", b.dir.toString(), id).exitCode());
        Process events = jrun.startPiped("events", "--interval", "1s", id);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> seen = new ArrayList<>();
            String first = lines.readLine();
            seen.add(first);
            assertThat(first).contains("\"type\":\"stats\"");
            Files.writeString(out.resolve("go"), "");
            boolean oom = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!oom && System.nanoTime() < deadline) {
                String line = lines.readLine();
                if (line == null) {
                    break;
                }
                seen.add(line);
                oom = line.equals("{\"type\":\"oom\",\"id\":\"" + id + "\"}");
            }
            assertTrue(oom, "an oom event: " + seen);
        } finally {
            events.destroyForcibly();
            events.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void invalidValuesFailCreateCleanly() {
        Bundle swap = bundle().args("true");
        swap.linux().putObject("resources").putObject("memory").put("limit", 64L << 20).put("swap", 32L << 20);
        swap.write();
        String id = newId();
        Jrun.Result r = jrun.run("create", "--bundle", swap.dir.toString(), id);
        assertOneErrorLine(r, "linux.resources.memory.swap");
        assertNoStateDir(id);

        Bundle cpus = bundle().args("true");
        cpus.linux().putObject("resources").putObject("cpu").put("cpus", "4096");
        cpus.write();
        String id2 = newId();
        assertOneErrorLine(jrun.run("create", "--bundle", cpus.dir.toString(), id2), "linux.resources.cpu.cpus: cannot set \"4096\"");
        assertNoStateDir(id2);

        if (!V2) {
            Bundle unified = bundle().args("true");
            unified.linux().putObject("resources").putObject("unified").put("memory.high", "1000000");
            unified.write();
            String id3 = newId();
            assertOneErrorLine(jrun.run("create", "--bundle", unified.dir.toString(), id3),
                    "linux.resources.unified: needs cgroup v2");
            assertNoStateDir(id3);
        }
    }

    @Test
    void unifiedKeysAreWrittenOnV2() {
        assumeTrue(V2, "linux.resources.unified is for cgroup v2 hosts");
        Bundle b = limited("cat /sys/fs/cgroup/memory.high");
        resources(b).putObject("unified").put("memory.high", "50331648");
        assertEquals("50331648", runOk(b).strip());
    }
}
