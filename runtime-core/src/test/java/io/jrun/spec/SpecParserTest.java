package io.jrun.spec;

import static io.jrun.spec.Fixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrun.error.InvalidSpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecParserTest {

    @Test
    void parsesAFullConfig() {
        Spec spec = SpecParser.parse(bytes(Fixtures.FULL));
        Process p = spec.process();
        Linux linux = spec.linux();
        LinuxResources r = linux.resources();
        assertAll(
                () -> assertEquals("1.3.0", spec.ociVersion()),
                () -> assertEquals(Boolean.TRUE, p.terminal()),
                () -> assertEquals(new Box(25, 80), p.consoleSize()),
                () -> assertEquals(new User(1000, 1000, 18L, List.of(5L, 6L), null), p.user()),
                () -> assertEquals(List.of("sh", "-c", "echo hi"), p.args()),
                () -> assertEquals("/home/user", p.cwd()),
                () -> assertEquals(List.of("CAP_NET_BIND_SERVICE"), p.capabilities().ambient()),
                () -> assertEquals(List.of(), p.capabilities().inheritable()),
                () -> assertEquals(new PosixRlimit("RLIMIT_NOFILE", 1024, 1024), p.rlimits().get(0)),
                () -> assertEquals(-1L, p.rlimits().get(1).hard(), "2^64-1 is held as -1 (RLIM_INFINITY)"),
                () -> assertEquals(-500, p.oomScoreAdj()),
                () -> assertEquals(new LinuxIoPriority("IOPRIO_CLASS_BE", 4), p.ioPriority()),
                () -> assertEquals(new ExecCpuAffinity("0", "0-3"), p.execCPUAffinity()),
                () -> assertEquals(30000000L, p.scheduler().period()),
                () -> assertEquals(new Root("rootfs", true), spec.root()),
                () -> assertEquals("example.org", spec.domainname()),
                () -> assertEquals(3, spec.mounts().size()),
                () -> assertEquals(List.of(), spec.mounts().get(0).options()),
                () -> assertEquals(new LinuxIdMapping(0, 100000, 65536), spec.mounts().get(2).uidMappings().get(0)),
                () -> assertEquals(5, spec.hooks().createContainer().get(0).timeout()),
                () -> assertEquals(List.of("cleanup.sh", "-f"), spec.hooks().poststop().get(0).args()),
                () -> assertEquals("value2", spec.annotations().get("com.example.key2")),
                () -> assertEquals(8, linux.namespaces().size()),
                () -> assertEquals("/var/run/netns/blue", linux.namespace(NamespaceType.NETWORK).orElseThrow().path()),
                () -> assertEquals(new LinuxTimeOffset(604800L, null), linux.timeOffsets().get("boottime")),
                () -> assertEquals(new LinuxDevice("c", "/dev/fuse", 10L, 229L, 438, 0L, 0L), linux.devices().get(0)),
                () -> assertEquals(new LinuxNetDevice(null), linux.netDevices().get("ens4")),
                () -> assertEquals(new LinuxDeviceCgroup(false, null, null, null, "rwm"), r.devices().get(0)),
                () -> assertEquals(536870912L, r.memory().limit()),
                () -> assertEquals(-1L, r.memory().swap()),
                () -> assertEquals(Boolean.TRUE, r.memory().checkBeforeUpdate()),
                () -> assertEquals(100000L, r.cpu().burst()),
                () -> assertEquals("2-3", r.cpu().cpus()),
                () -> assertEquals(32771L, r.pids().limit()),
                () -> assertEquals(new LinuxWeightDevice(8, 16, 500, null), r.blockIO().weightDevice().get(1)),
                () -> assertEquals(new LinuxThrottleDevice(8, 0, 900), r.blockIO().throttleWriteIOPSDevice().get(0)),
                () -> assertEquals(new LinuxHugepageLimit("2MB", 9223372036854772000L), r.hugepageLimits().get(0)),
                () -> assertEquals(1048577L, r.network().classID()),
                () -> assertEquals(new LinuxRdma(3L, 10000L), r.rdma().get("mlx5_1")),
                () -> assertEquals("default 100", r.unified().get("io.weight")),
                () -> assertEquals("rslave", linux.rootfsPropagation()),
                () -> assertEquals(1L, linux.seccomp().defaultErrnoRet()),
                () -> assertEquals(new LinuxSeccompArg(1, -1L, 2L, "SCMP_CMP_MASKED_EQ"),
                        linux.seccomp().syscalls().get(1).args().get(1)),
                () -> assertEquals(new LinuxPersonality("LINUX32", List.of()), linux.personality()),
                () -> assertEquals(Boolean.TRUE, linux.intelRdt().enableMonitoring()),
                () -> assertEquals(new LinuxMemoryPolicy("MPOL_INTERLEAVE", "0-3", List.of("MPOL_F_STATIC_NODES")),
                        linux.memoryPolicy()),
                () -> assertEquals("1", linux.sysctl().get("net.ipv4.ip_forward")),
                () -> assertEquals(List.of("/proc/sys"), linux.readonlyPaths()));
        SpecValidator.validate(spec);
    }

    @Test
    void ignoresUnknownFields() {
        Spec spec = SpecParser.parse(bytes("""
                {"ociVersion": "1.0.0", "future": {"x": [1, 2]}, "windows": {"layerFolders": ["C:\\\\a"]},
                 "root": {"path": "rootfs", "extra": true},
                 "linux": {"namespaces": [{"type": "pid", "flags": 7}], "newThing": "x"}}
                """));
        assertEquals(new Root("rootfs", null), spec.root());
        assertEquals(List.of(LinuxNamespace.of("pid")), spec.linux().namespaces());
    }

    @Test
    void acceptsNullForOptionalFields() {
        Spec spec = SpecParser.parse(bytes("""
                {"ociVersion": "1.0.0", "hostname": null, "mounts": null, "annotations": null,
                 "process": {"terminal": null, "user": null, "args": null, "oomScoreAdj": null, "capabilities": null},
                 "linux": {"namespaces": null, "resources": {"memory": {"limit": null, "swappiness": null}}}}
                """));
        assertNull(spec.hostname());
        assertEquals(List.of(), spec.mounts());
        assertEquals(Map.of(), spec.annotations());
        assertNull(spec.process().terminal());
        assertEquals(User.of(0, 0), spec.process().user());
        assertEquals(List.of(), spec.process().args());
        assertEquals(List.of(), spec.linux().namespaces());
        assertNull(spec.linux().resources().memory().swappiness());
    }

    @Test
    void roundTripsThroughJson() {
        Spec spec = SpecParser.parse(bytes(Fixtures.FULL));
        assertEquals(spec, SpecParser.parse(bytes(SpecParser.toJson(spec))));
        assertEquals(spec, SpecParser.parse(bytes(SpecParser.toCompactJson(spec))));
    }

    @Test
    void recordsCarryTheirJsonRulesToAnyMapper() throws Exception {
        ObjectMapper plain = new ObjectMapper();
        Spec spec = plain.readValue(Fixtures.FULL, Spec.class); // unknown fields ignored here too
        assertEquals(SpecParser.parse(bytes(Fixtures.FULL)), spec);
        assertEquals(SpecParser.toCompactJson(spec), plain.writeValueAsString(spec));
    }

    @Test
    void writesUnsignedValuesBackUnsigned() throws Exception {
        JsonNode json = new ObjectMapper().readTree(SpecParser.toJson(SpecParser.parse(bytes(Fixtures.FULL))));
        assertEquals("18446744073709551615", json.at("/process/rlimits/1/hard").asText());
        assertEquals("18446744073709551615", json.at("/linux/seccomp/syscalls/1/args/1/value").asText());
        assertEquals("IOPRIO_CLASS_BE", json.at("/process/ioPriority/class").asText());
        assertEquals("0-3", json.at("/process/execCPUAffinity/final").asText());
        assertEquals(100000, json.at("/mounts/2/uidMappings/0/hostID").asInt());
    }

    @Test
    void omitsNullsAndEmptyCollections() {
        String json = SpecParser.toJson(SpecParser.parse(bytes(Fixtures.FULL)));
        assertFalse(json.contains("null"), json);
        assertFalse(json.contains("\"inheritable\""), "empty list omitted");
        assertFalse(json.contains("\"commandLine\""), "absent string omitted");
        assertTrue(json.contains("\"disableOOMKiller\": false"), "false is a value, not absence");
        assertTrue(json.contains("\"readonly\": true"));
    }

    @Test
    void prettyJsonUsesTwoSpaceIndentAndKeepsKeyOrder() {
        String json = SpecParser.toJson(DefaultSpec.create());
        assertTrue(json.startsWith("{\n  \"ociVersion\": \"1.3.0\",\n  \"process\": {\n    \"terminal\": true,"), json);
        assertFalse(SpecParser.toCompactJson(DefaultSpec.create()).contains("\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"process": {"user": {"uid": "0", "gid": 0}}}          | process.user.uid            | expected an integer, got a string
            {"process": {"user": {"uid": 1.5, "gid": 0}}}          | process.user.uid            | expected an integer, got a decimal number
            {"process": {"user": {"uid": null, "gid": 0}}}         | process.user.uid            | expected an integer, got null
            {"process": {"user": {"uid": 0}}}                      | process.user.gid            | required
            {"process": {"args": "sh"}}                            | process.args                | expected an array, got a string
            {"process": {"args": ["sh", 1]}}                       | process.args[1]             | expected a string, got an integer
            {"process": {"args": ["sh", null]}}                    | process.args[1]             | expected a string, got null
            {"process": {"terminal": "yes"}}                       | process.terminal            | expected a boolean, got a string
            {"process": {"terminal": 1}}                           | process.terminal            | expected a boolean, got an integer
            {"process": {"oomScoreAdj": 1099511627776}}            | process.oomScoreAdj         | number out of range: 1099511627776
            {"process": {"rlimits": [{"type": "RLIMIT_CPU", "hard": -1, "soft": 0}]}}  | process.rlimits[0].hard | number out of range: -1
            {"process": {"rlimits": [{"type": "RLIMIT_CPU", "hard": 18446744073709551616, "soft": 0}]}} | process.rlimits[0].hard | number out of range: 18446744073709551616
            {"process": {"rlimits": [{"type": "RLIMIT_CPU", "hard": "1", "soft": 0}]}} | process.rlimits[0].hard | expected an integer, got a string
            {"process": {"rlimits": {"type": "RLIMIT_CPU"}}}       | process.rlimits             | expected an array, got an object
            {"ociVersion": 1.0}                                    | ociVersion                  | expected a string, got a decimal number
            {"hostname": true}                                     | hostname                    | expected a string, got a boolean
            {"root": "rootfs"}                                     | root                        | expected an object, got a string
            {"root": {"path": ["rootfs"]}}                         | root.path                   | expected a string, got an array
            {"mounts": [{}, {}, {"destination": 7}]}               | mounts[2].destination       | expected a string, got an integer
            {"mounts": {"destination": "/x"}}                      | mounts                      | expected an array, got an object
            {"linux": {"namespaces": [{"type": {}}]}}              | linux.namespaces[0].type    | expected a string, got an object
            {"linux": {"namespaces": ["pid"]}}                     | linux.namespaces[0]         | expected an object, got a string
            {"linux": {"sysctl": {"net.ipv4.ip_forward": 1}}}      | linux.sysctl["net.ipv4.ip_forward"] | expected a string, got an integer
            {"linux": {"resources": {"memory": {"limit": 99999999999999999999}}}} | linux.resources.memory.limit | number out of range: 99999999999999999999
            {"linux": {"resources": {"devices": [{"access": "rwm"}]}}} | linux.resources.devices[0].allow | required
            {"linux": {"resources": {"cpu": {"shares": "1024"}}}}  | linux.resources.cpu.shares  | expected an integer, got a string
            {"linux": {"uidMappings": [{"containerID": 0, "hostID": 1000, "size": true}]}} | linux.uidMappings[0].size | expected an integer, got a boolean
            """)
    void rejectsWrongTypesNamingTheField(String json, String field, String reason) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecParser.parse(bytes(json)));
        assertEquals(field, e.field());
        assertEquals(reason, e.reason());
        assertEquals(field + ": " + reason, e.getMessage());
    }

    @Test
    void reportsInvalidJsonWithLineAndColumn() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> SpecParser.parse(bytes("{\n  \"ociVersion\": \"1.0.0\",\n  }")));
        assertEquals("config.json", e.field());
        assertTrue(e.reason().startsWith("invalid JSON at line 3, column 3: unexpected character '}'"), e.reason());
    }

    @Test
    void reportsTruncatedJson() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> SpecParser.parse(bytes("{\"ociVersion\": \"1.0.0\", \"process\": {")));
        assertEquals("config.json", e.field());
        assertTrue(e.reason().startsWith("invalid JSON at line 1"), e.reason());
        assertTrue(e.reason().contains("unexpected end-of-input"), e.reason());
    }

    @Test
    void rejectsTrailingData() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> SpecParser.parse(bytes("{\"ociVersion\": \"1.0.0\"} {}")));
        assertEquals("invalid JSON at line 1, column 25: unexpected data after the JSON value", e.reason());
    }

    @Test
    void rejectsANonObjectDocument() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecParser.parse(bytes("[]")));
        assertEquals("config.json: expected an object, got an array", e.getMessage());
    }

    @Test
    void rejectsAnEmptyFile(@TempDir Path dir) throws Exception {
        Path config = Files.write(dir.resolve("config.json"), new byte[0]);
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecParser.parse(config));
        assertEquals("config.json: empty file", e.getMessage());
        assertEquals("empty file", assertThrows(InvalidSpecException.class,
                () -> SpecParser.parse(bytes(" \n\t"))).reason());
    }

    @Test
    void reportsAMissingFile(@TempDir Path dir) {
        Path config = dir.resolve("config.json");
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecParser.parse(config));
        assertEquals("config.json", e.field());
        assertEquals("no such file: " + config, e.reason());
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("config.json"), Fixtures.MINIMAL);
        assertEquals(List.of("sh"), SpecParser.parse(config).process().args());
    }
}
