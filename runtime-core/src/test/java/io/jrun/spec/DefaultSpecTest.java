package io.jrun.spec;

import static io.jrun.spec.Fixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultSpecTest {
    /** runc spec's output (libcontainer/specconv Example on a cgroup v2 host), with jrun's version and hostname. */
    private static final String RUNC_SPEC = """
            {
              "ociVersion": "1.3.0",
              "process": {
                "terminal": true,
                "user": {"uid": 0, "gid": 0},
                "args": ["sh"],
                "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
                "cwd": "/",
                "capabilities": {
                  "bounding": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                  "effective": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                  "permitted": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
                },
                "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
                "noNewPrivileges": true
              },
              "root": {"path": "rootfs", "readonly": true},
              "hostname": "jrun",
              "mounts": [
                {"destination": "/proc", "type": "proc", "source": "proc"},
                {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
                 "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
                {"destination": "/dev/pts", "type": "devpts", "source": "devpts",
                 "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
                {"destination": "/dev/shm", "type": "tmpfs", "source": "shm",
                 "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
                {"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"]},
                {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]},
                {"destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup",
                 "options": ["nosuid", "noexec", "nodev", "relatime", "ro"]}
              ],
              "linux": {
                "resources": {"devices": [{"allow": false, "access": "rwm"}]},
                "namespaces": [{"type": "pid"}, {"type": "network"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"},
                               {"type": "cgroup"}],
                "maskedPaths": ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                                "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
                                "/sys/devices/virtual/tpm"],
                "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
              }
            }
            """;

    @Test
    void isRuncsExampleSpec() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(RUNC_SPEC), json.readTree(SpecParser.toJson(DefaultSpec.create())));
        assertEquals(SpecParser.parse(bytes(RUNC_SPEC)), DefaultSpec.create());
    }

    @Test
    void validates() {
        assertDoesNotThrow(() -> SpecValidator.validate(DefaultSpec.create()));
    }

    @Test
    void roundTripsThroughJson() {
        Spec spec = DefaultSpec.create();
        assertEquals(spec, SpecParser.parse(bytes(SpecParser.toJson(spec))));
        assertEquals(SpecParser.toJson(spec), SpecParser.toJson(SpecParser.parse(bytes(SpecParser.toJson(spec)))));
    }

    @Test
    void rootlessFollowsRuncToRootless() {
        Spec spec = DefaultSpec.createRootless(1000, 1001);
        Linux linux = spec.linux();
        List<String> namespaces = linux.namespaces().stream().map(LinuxNamespace::type).toList();
        Mount sys = spec.mounts().stream().filter(m -> m.destination().equals("/sys")).findFirst().orElseThrow();
        Mount pts = spec.mounts().stream().filter(m -> m.destination().equals("/dev/pts")).findFirst().orElseThrow();
        assertAll(
                () -> assertEquals(List.of("pid", "ipc", "uts", "mount", "cgroup", "user"), namespaces),
                () -> assertEquals(List.of(new LinuxIdMapping(0, 1000, 1)), linux.uidMappings()),
                () -> assertEquals(List.of(new LinuxIdMapping(0, 1001, 1)), linux.gidMappings()),
                () -> assertEquals(Mount.of("/sys", "none", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro")), sys),
                () -> assertEquals(List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"), pts.options()),
                () -> assertEquals(7, spec.mounts().size()),
                () -> assertNull(linux.resources()),
                () -> assertEquals(DefaultSpec.create().process(), spec.process()),
                () -> assertEquals(DefaultSpec.create().linux().maskedPaths(), linux.maskedPaths()));
    }

    @Test
    void rootlessValidatesAndRoundTrips() {
        Spec spec = DefaultSpec.createRootless(1000, 1000);
        assertDoesNotThrow(() -> SpecValidator.validate(spec));
        assertEquals(spec, SpecParser.parse(bytes(SpecParser.toJson(spec))));
    }

    @Test
    void toRootlessReplacesAnExistingUserNamespaceAndCleansSysPaths() {
        Spec base = DefaultSpec.create();
        Spec withUserns = base.withLinux(base.linux().withNamespaces(List.of(LinuxNamespace.of("user"),
                        LinuxNamespace.of("mount"))))
                .withMounts(List.of(Mount.of("/sys/", "sysfs", "sysfs", null),
                        Mount.of("/dev/pts", "devpts", "devpts", List.of("uid=0", "gid=5", "mode=0620"))));
        Spec rootless = DefaultSpec.toRootless(withUserns, 0, 0);
        assertEquals(List.of(LinuxNamespace.of("mount"), LinuxNamespace.of("user")), rootless.linux().namespaces());
        assertEquals("none", rootless.mounts().get(0).type());
        assertEquals(List.of("mode=0620"), rootless.mounts().get(1).options());
        assertTrue(SpecParser.toJson(rootless).contains("\"uidMappings\""));
    }
}
