package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrun.cli.TestFront.Result;
import io.jrun.mount.MountOptions;
import io.jrun.spec.DefaultSpec;
import io.jrun.spec.SpecParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCommandTest {
    @TempDir
    Path tmp;

    private JsonNode features() throws Exception {
        Result r = TestFront.run(tmp, "features");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        return new ObjectMapper().readTree(r.out());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void theDocumentHasTheSpecsShape() throws Exception {
        JsonNode f = features();
        assertEquals("1.0.0", f.get("ociVersionMin").asText());
        assertEquals(DefaultSpec.OCI_VERSION, f.get("ociVersionMax").asText());
        assertEquals(List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"),
                strings(f.get("hooks")));
        assertEquals(List.of("cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"),
                strings(f.at("/linux/namespaces")));
        assertTrue(strings(f.at("/linux/capabilities")).containsAll(List.of("CAP_CHOWN", "CAP_SYS_ADMIN", "CAP_CHECKPOINT_RESTORE")));
        assertEquals(true, f.at("/linux/cgroup/v1").asBoolean());
        assertEquals(false, f.at("/linux/cgroup/systemd").asBoolean(), "no systemd driver: --systemd-cgroup is refused");
        assertTrue(strings(f.at("/linux/seccomp/actions")).containsAll(List.of("SCMP_ACT_NOTIFY", "SCMP_ACT_KILL_PROCESS")));
        assertEquals(7, f.at("/linux/seccomp/operators").size());
        assertTrue(f.at("/annotations").has("io.jrun.version"));
    }

    @Test
    void everyMountOptionItClaimsIsOneCreateAccepts() throws Exception {
        for (String option : strings(features().get("mountOptions"))) {
            MountOptions parsed = MountOptions.parse(List.of(option));
            assertEquals("", parsed.data(), option + " must be a flag or propagation, not filesystem data");
        }
    }

    @Test
    void everySeccompNameItClaimsIsOneCreateAccepts() throws Exception {
        JsonNode seccomp = features().at("/linux/seccomp");
        for (String action : strings(seccomp.get("actions"))) {
            for (String op : strings(seccomp.get("operators"))) {
                String profile = """
                        {"ociVersion": "1.3.0", "process": {"args": ["true"], "cwd": "/", "user": {"uid": 0, "gid": 0}},
                         "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "flags": %s, "listenerPath": "/run/agent.sock",
                           "syscalls": [{"names": ["mkdir"], "action": "%s", "args": [{"index": 0, "value": 1, "op": "%s"}]}]}}}
                        """.formatted(new ObjectMapper().writeValueAsString(strings(seccomp.get("knownFlags"))), action, op);
                io.jrun.seccomp.SeccompPlanner.plan(SpecParser.parse(profile.getBytes()).linux().seccomp());
            }
        }
    }
}
