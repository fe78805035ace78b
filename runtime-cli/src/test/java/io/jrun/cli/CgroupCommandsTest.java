package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrun.cgroup.CgroupMode;
import io.jrun.cli.TestFront.Result;
import io.jrun.spec.DefaultSpec;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * update, events, ps, pause and resume on a live container (this JVM is its init) whose cgroup is
 * a temp dir standing in for a cgroup2 directory, or a v1 freezer.
 */
class CgroupCommandsTest {
    @TempDir
    Path tmp;

    private Path root;
    private Path cgroup;

    @BeforeEach
    void setUp() throws IOException {
        root = tmp.resolve("root");
        cgroup = Files.createDirectories(tmp.resolve("cgroupfs/jrun/c1"));
    }

    private void liveV2Container(LinuxResources resources) throws IOException {
        LiveContainer.write(root, "c1", tmp.resolve("bundle"), CgroupMode.UNIFIED, Map.of("unified", cgroup.toString()));
        Spec s = DefaultSpec.create();
        s = s.withLinux(s.linux().withResources(resources));
        Files.writeString(root.resolve("c1/config.json"), SpecParser.toJson(s));
    }

    private LinuxResources stored() throws IOException {
        return SpecParser.parse(Files.readAllBytes(root.resolve("c1/config.json"))).linux().resources();
    }

    private void files(String... namesAndContents) throws IOException {
        for (int i = 0; i < namesAndContents.length; i += 2) {
            Files.writeString(cgroup.resolve(namesAndContents[i]), namesAndContents[i + 1]);
        }
    }

    private String file(String name) throws IOException {
        return Files.readString(cgroup.resolve(name));
    }

    // ---- update ----

    @Test
    void updateMergesStdinJsonWithFlagsAndFlagsWin() throws IOException {
        liveV2Container(LinuxResources.ofDevices(List.of()));
        files("memory.max", "max\n", "memory.low", "0\n", "pids.max", "max\n", "cpu.weight", "100\n");
        String json = """
                {"memory": {"limit": 1048576, "reservation": 524288}, "pids": {"limit": 5}, "cpu": {"shares": 512}}""";
        Result r = TestFront.runWithStdin(tmp, json.getBytes(StandardCharsets.UTF_8),
                "--root", root.toString(), "update", "--memory", "64m", "--pids-limit", "10", "-r", "-", "c1");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());

        assertEquals("67108864", file("memory.max"), "--memory wins over the JSON's limit");
        assertEquals("524288", file("memory.low"), "from the JSON");
        assertEquals("10", file("pids.max"), "--pids-limit wins");
        assertEquals("20", file("cpu.weight"), "512 shares");

        LinuxResources s = stored();
        assertEquals(67108864L, s.memory().limit());
        assertEquals(524288L, s.memory().reservation());
        assertEquals(10L, s.pids().limit());
        assertEquals(512L, s.cpu().shares());
    }

    @Test
    void updateFromAResourcesFileRelativeToTheCallersDirectory() throws IOException {
        liveV2Container(LinuxResources.ofDevices(List.of()));
        files("pids.max", "max\n");
        Files.writeString(tmp.resolve("r.json"), "{\"pids\": {\"limit\": 42}}");
        Result r = TestFront.run(tmp, "--root", root.toString(), "update", "-r", "r.json", "c1");
        assertEquals(0, r.code(), r.err());
        assertEquals("42", file("pids.max"));
    }

    @Test
    void updateWithFlagsOnly() throws IOException {
        liveV2Container(LinuxResources.ofDevices(List.of()));
        files("cpu.max", "max 100000\n");
        Result r = TestFront.run(tmp, "--root", root.toString(), "update", "--cpu-quota", "25000", "--cpu-period", "50000", "c1");
        assertEquals(0, r.code(), r.err());
        assertEquals("25000 50000", file("cpu.max"));
        assertEquals(25000L, stored().cpu().quota());
    }

    @Test
    void updateWithAnInvalidSizeNamesTheOption() throws IOException {
        liveV2Container(LinuxResources.ofDevices(List.of()));
        Result r = TestFront.run(tmp, "--root", root.toString(), "update", "--memory", "lots", "c1");
        assertEquals(1, r.code());
        assertEquals("jrun: update c1: --memory: invalid size \"lots\"\n", r.err());
        assertFalse(Files.exists(cgroup.resolve("memory.max")));
    }

    @Test
    void updateWithInvalidJsonNamesTheInput() throws IOException {
        liveV2Container(LinuxResources.ofDevices(List.of()));
        Result r = TestFront.runWithStdin(tmp, "{\"pids\": ".getBytes(StandardCharsets.UTF_8),
                "--root", root.toString(), "update", "-r", "-", "c1");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("jrun: update c1: --resources: invalid JSON"), r.err());
    }

    @Test
    void updateOfAStoppedContainer() throws IOException {
        liveV2Container(LinuxResources.ofDevices(List.of()));
        Path state = root.resolve("c1/state.json");
        Files.writeString(state, Files.readString(state).replaceFirst("\"pidStartTime\":\\d+", "\"pidStartTime\":1"));
        Result r = TestFront.run(tmp, "--root", root.toString(), "update", "--pids-limit", "3", "c1");
        assertEquals(1, r.code());
        assertEquals("jrun: update c1: container not running\n", r.err());
    }

    // ---- events ----

    @Test
    void eventsStatsPrintsOneJsonLineWithRuncsFieldNames() throws IOException {
        liveV2Container(LinuxResources.ofDevices(List.of()));
        files("cpu.stat", "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n",
                "memory.current", "4096\n", "memory.max", "67108864\n", "memory.stat", "file 100\nanon 200\n",
                "pids.current", "3\n", "pids.max", "10\n");
        Result r = TestFront.run(tmp, "--root", root.toString(), "events", "--stats", "c1");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        assertTrue(r.out().endsWith("\n"));

        JsonNode event = new ObjectMapper().readTree(r.out());
        assertEquals("stats", event.get("type").asText());
        assertEquals("c1", event.get("id").asText());
        JsonNode data = event.get("data");
        assertEquals(1_500_000, data.at("/cpu/usage/total").asLong());
        assertEquals(1_000_000, data.at("/cpu/usage/user").asLong());
        assertEquals(500_000, data.at("/cpu/usage/kernel").asLong());
        assertEquals(4096, data.at("/memory/usage/usage").asLong());
        assertEquals(67108864, data.at("/memory/usage/limit").asLong());
        assertEquals(100, data.at("/memory/cache").asLong());
        assertEquals(200, data.at("/memory/raw/anon").asLong());
        assertEquals(3, data.at("/pids/current").asLong());
        assertEquals(10, data.at("/pids/limit").asLong());
    }

    @Test
    void eventsStatsPrintsUnlimitedAsRuncDoes() throws IOException {
        liveV2Container(LinuxResources.ofDevices(List.of()));
        files("memory.current", "4096\n", "memory.max", "max\n", "pids.current", "3\n", "pids.max", "max\n");
        Result r = TestFront.run(tmp, "--root", root.toString(), "events", "--stats", "c1");
        assertEquals(0, r.code(), r.err());
        JsonNode data = new ObjectMapper().readTree(r.out()).get("data");
        assertEquals("18446744073709551615", data.at("/memory/usage/limit").asText(), "max: 2^64-1, a Go uint64");
        assertEquals(3, data.at("/pids/current").asLong());
        assertTrue(data.at("/pids/limit").isMissingNode(), "max: 0, left out, as runc reports no limit");
    }

    @Test
    void eventsWithAnInvalidInterval() throws IOException {
        liveV2Container(LinuxResources.ofDevices(List.of()));
        Result r = TestFront.run(tmp, "--root", root.toString(), "events", "--interval", "5", "c1");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("jrun: events c1: --interval: invalid duration \"5\""), r.err());
    }

    // ---- ps ----

    @Test
    void psJsonListsTheCgroupsPids() throws IOException {
        liveV2Container(LinuxResources.ofDevices(List.of()));
        files("cgroup.procs", "12\n345\n");
        Result r = TestFront.run(tmp, "--root", root.toString(), "ps", "--format", "json", "c1");
        assertEquals(0, r.code(), r.err());
        assertEquals("[12,345]\n", r.out());
    }

    // ---- pause and resume ----

    @Test
    void pauseAndResumeThroughTheV1Freezer() throws IOException {
        Files.writeString(cgroup.resolve("freezer.state"), "THAWED\n");
        LiveContainer.write(root, "c1", tmp.resolve("bundle"), CgroupMode.LEGACY, Map.of("freezer", cgroup.toString()));

        Result r = TestFront.run(tmp, "--root", root.toString(), "pause", "c1");
        assertEquals(0, r.code(), r.err());
        assertEquals("FROZEN", file("freezer.state"));
        assertTrue(TestFront.run(tmp, "--root", root.toString(), "state", "c1").out().contains("\"status\": \"paused\""));

        r = TestFront.run(tmp, "--root", root.toString(), "pause", "c1");
        assertEquals("jrun: pause c1: container already paused\n", r.err());

        r = TestFront.run(tmp, "--root", root.toString(), "resume", "c1");
        assertEquals(0, r.code(), r.err());
        assertEquals("THAWED", file("freezer.state"));

        r = TestFront.run(tmp, "--root", root.toString(), "resume", "c1");
        assertEquals(1, r.code());
        assertEquals("jrun: resume c1: container not paused\n", r.err());
    }
}
