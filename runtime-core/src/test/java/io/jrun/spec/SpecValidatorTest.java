package io.jrun.spec;

import static io.jrun.spec.Fixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jrun.error.InvalidSpecException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecValidatorTest {
    private static final String PROCESS = """
            "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"}""";
    private static final String ROOT = """
            "root": {"path": "rootfs"}""";

    /** A valid config with {@code members} (JSON object members) added or replacing the defaults. */
    private static Spec config(String members) {
        StringBuilder json = new StringBuilder("{\"ociVersion\": \"1.3.0\"");
        if (!members.contains("\"root\"")) {
            json.append(", ").append(ROOT);
        }
        if (!members.contains("\"process\"")) {
            json.append(", ").append(PROCESS);
        }
        if (!members.isBlank()) {
            json.append(", ").append(members);
        }
        return SpecParser.parse(bytes(json.append('}').toString()));
    }

    private static void assertInvalid(Spec spec, String field, String reason) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecValidator.validate(spec));
        assertEquals(field + ": " + reason, e.getMessage());
        assertEquals(field, e.field());
    }

    @Test
    void acceptsMinimalAndFullConfigs() {
        assertDoesNotThrow(() -> SpecValidator.validate(SpecParser.parse(bytes(Fixtures.MINIMAL))));
        assertDoesNotThrow(() -> SpecValidator.validate(SpecParser.parse(bytes(Fixtures.FULL))));
        assertDoesNotThrow(() -> SpecValidator.validate(config("")));
    }

    @Test
    void requiresOciVersion() {
        Spec noVersion = SpecParser.parse(bytes("{" + ROOT + ", " + PROCESS + "}"));
        assertInvalid(noVersion, "ociVersion", "required");
        assertInvalid(SpecParser.parse(bytes("{\"ociVersion\": \"\"}")), "ociVersion", "required");
        assertInvalid(SpecParser.parse(bytes("{}")), "ociVersion", "required"); // checked before root and process
    }

    @ParameterizedTest
    @CsvSource({"2.0.0, unsupported version \"2.0.0\"", "0.9.0, unsupported version \"0.9.0\"",
            "1.x, invalid version \"1.x\""})
    void rejectsOtherMajorVersions(String version, String reason) {
        Spec spec = SpecParser.parse(bytes("{\"ociVersion\": \"" + version + "\", " + ROOT + ", " + PROCESS + "}"));
        assertInvalid(spec, "ociVersion", reason);
    }

    @Test
    void acceptsPreReleaseVersions() {
        Spec spec = SpecParser.parse(bytes("{\"ociVersion\": \"1.0.2-dev\", " + ROOT + ", " + PROCESS + "}"));
        assertDoesNotThrow(() -> SpecValidator.validate(spec));
    }

    @Test
    void requiresRootAndItsPath() {
        assertInvalid(config("").withRoot(null), "root", "required");
        assertInvalid(config("\"root\": {\"readonly\": true}"), "root.path", "required");
        assertInvalid(config("\"root\": {\"path\": \"\"}"), "root.path", "required");
    }

    @Test
    void requiresProcess() {
        assertInvalid(config("").withProcess(null), "process", "required");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "cwd": "/"                                       | process.args           | required
            "args": [""], "cwd": "/"                         | process.args[0]        | must not be empty
            "args": ["sh"]                                   | process.cwd            | required
            "args": ["sh"], "cwd": "tmp"                     | process.cwd            | must be an absolute path
            "args": ["sh"], "cwd": "/", "env": ["A=1", "B=", "C=3", "NOEQUALS"] | process.env[3] | must be of the form NAME=value
            "args": ["sh"], "cwd": "/", "env": ["=value"]    | process.env[0]         | must be of the form NAME=value
            "args": ["sh"], "cwd": "/", "user": {"uid": -1, "gid": 0} | process.user.uid | must be between 0 and 4294967294
            "args": ["sh"], "cwd": "/", "user": {"uid": 0, "gid": 4294967295} | process.user.gid | must be between 0 and 4294967294
            "args": ["sh"], "cwd": "/", "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1, "soft": 1}, {"type": "RLIMIT_FOO", "hard": 1, "soft": 1}] | process.rlimits[1].type | unknown rlimit type "RLIMIT_FOO"
            "args": ["sh"], "cwd": "/", "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 2048}] | process.rlimits[0].soft | soft limit 2048 is greater than hard limit 1024
            "args": ["sh"], "cwd": "/", "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1, "soft": 1}, {"type": "RLIMIT_NOFILE", "hard": 2, "soft": 2}] | process.rlimits[1].type | duplicate rlimit type "RLIMIT_NOFILE"
            "args": ["sh"], "cwd": "/", "capabilities": {"bounding": ["CAP_KILL", "kill"]} | process.capabilities.bounding[1] | invalid capability name "kill"
            "args": ["sh"], "cwd": "/", "capabilities": {"ambient": ["CAP_net_raw"]} | process.capabilities.ambient[0] | invalid capability name "CAP_net_raw"
            "args": ["sh"], "cwd": "/", "oomScoreAdj": 1001   | process.oomScoreAdj    | must be between -1000 and 1000
            """)
    void checksTheProcess(String processMembers, String field, String reason) {
        assertInvalid(config("\"process\": {" + processMembers + "}"), field, reason);
    }

    @Test
    void acceptsUnlimitedRlimits() {
        Spec spec = config("\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"rlimits\": [{\"type\": \"RLIMIT_CORE\","
                + " \"hard\": 18446744073709551615, \"soft\": 1024}]}");
        assertDoesNotThrow(() -> SpecValidator.validate(spec));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "mounts": [{"destination": "/proc", "type": "proc"}, {"type": "tmpfs"}]            | mounts[1].destination | required
            "mounts": [{"destination": "/a\\u0000b", "type": "tmpfs"}]                         | mounts[0].destination | must not contain a NUL byte
            "mounts": [{"destination": "/data", "type": "bind"}]                               | mounts[0].source      | required for a bind mount
            "mounts": [{"destination": "/data", "type": "rbind", "source": ""}]                | mounts[0].source      | required for a bind mount
            "mounts": [{"destination": "/data", "type": "none", "options": ["rbind", "ro"]}]   | mounts[0].source      | required for a bind mount
            "hooks": {"poststop": [{"path": "cleanup.sh"}]}                                    | hooks.poststop[0].path | must be an absolute path
            "hooks": {"prestart": [{"path": "/bin/true", "timeout": 0}]}                       | hooks.prestart[0].timeout | must be greater than zero
            "linux": {"namespaces": [{"type": "pid"}, {"type": "foo"}]}                        | linux.namespaces[1].type | unknown namespace type "foo"
            "linux": {"namespaces": [{"path": "/proc/1/ns/pid"}]}                              | linux.namespaces[0].type | required
            "linux": {"namespaces": [{"type": "pid"}, {"type": "uts"}, {"type": "pid"}]}       | linux.namespaces[2].type | duplicate namespace type "pid"
            "linux": {"namespaces": [{"type": "network", "path": "netns/blue"}]}               | linux.namespaces[0].path | must be an absolute path
            "hostname": "box", "linux": {"namespaces": [{"type": "pid"}]}                      | hostname | requires a new uts namespace
            "hostname": "box", "linux": {"namespaces": [{"type": "uts", "path": "/proc/1/ns/uts"}]} | hostname | requires a new uts namespace
            "hostname": "box"                                                                  | hostname | requires a new uts namespace
            "domainname": "example.org", "linux": {"namespaces": [{"type": "pid"}]}           | domainname | requires a new uts namespace
            "linux": {"devices": [{"type": "c", "path": "/dev/null", "major": 1, "minor": 3}, {"type": "x", "path": "/dev/x"}]} | linux.devices[1].type | invalid device type "x"
            "linux": {"devices": [{"path": "/dev/x"}]}                                         | linux.devices[0].type | invalid device type "null"
            "linux": {"devices": [{"type": "c", "path": "dev/null", "major": 1, "minor": 3}]}  | linux.devices[0].path | must be an absolute path
            "linux": {"devices": [{"type": "b", "path": "/dev/sda", "minor": 0}]}              | linux.devices[0].major | required for device type "b"
            "linux": {"devices": [{"type": "u", "path": "/dev/null", "major": 1}]}             | linux.devices[0].minor | required for device type "u"
            "linux": {"rootfsPropagation": "rshare"}                                           | linux.rootfsPropagation | invalid propagation "rshare"
            "linux": {"sysctl": {"": "1"}}                                                     | linux.sysctl | empty key
            "linux": {"maskedPaths": ["/proc/kcore", "proc/keys"]}                             | linux.maskedPaths[1] | must be an absolute path
            """)
    void checksMountsHooksAndLinux(String members, String field, String reason) {
        assertInvalid(config(members), field, reason);
    }

    @ParameterizedTest
    @CsvSource({"''", "shared", "slave", "private", "unbindable", "rshared", "rslave", "rprivate", "runbindable"})
    void acceptsEveryPropagation(String propagation) {
        assertDoesNotThrow(() -> SpecValidator.validate(config("\"linux\": {\"rootfsPropagation\": \"" + propagation + "\"}")));
    }

    @Test
    void acceptsWhatTheSpecAllows() {
        Spec spec = config("""
                "hostname": "box", "domainname": "example.org",
                "mounts": [{"destination": "relative/dir", "type": "tmpfs"}, {"destination": "/b", "source": "/src", "options": ["bind"]}],
                "linux": {"namespaces": [{"type": "uts"}, {"type": "network", "path": "/run/netns/x"}, {"type": "time"}],
                          "devices": [{"type": "p", "path": "/dev/fifo"}],
                          "cgroupsPath": "system.slice:jrun:abc"}
                """);
        assertDoesNotThrow(() -> SpecValidator.validate(spec));
    }

    @Test
    void reportsTheFirstProblemOnly() {
        Spec spec = config("\"root\": {\"path\": \"\"}, \"process\": {\"cwd\": \"x\"}");
        assertInvalid(spec, "root.path", "required");
    }

    @Test
    void checksAdditionalGids() {
        Spec spec = config("").withProcess(config("").process().withUser(new User(0, 0, null, List.of(1L, -5L), null)));
        assertInvalid(spec, "process.user.additionalGids[1]", "must be between 0 and 4294967294");
    }
}
