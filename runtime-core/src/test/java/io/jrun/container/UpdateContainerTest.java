package io.jrun.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.cgroup.CgroupMode;
import io.jrun.cgroup.CgroupStats;
import io.jrun.error.ContainerNotFoundException;
import io.jrun.error.InvalidStateException;
import io.jrun.spec.LinuxDeviceCgroup;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecParser;
import io.jrun.state.StateStore;
import io.jrun.testing.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateContainerTest {
    static final String V1_UNLIMITED = Long.toString(CgroupStats.V1_UNLIMITED);

    @TempDir
    Path tmp;

    private Sandbox box;

    @BeforeEach
    void setUp() {
        box = new Sandbox(tmp);
    }

    /** A container as create leaves it, with its config.json stored and linux.resources set to json. */
    private void container(boolean alive, String resourcesJson) {
        box.existing("c1", false, alive, true);
        Spec s = Sandbox.spec();
        s = s.withLinux(s.linux().withResources(Resources.of(resourcesJson)));
        box.store.writeConfig("c1", SpecParser.toJson(s).getBytes(StandardCharsets.UTF_8));
    }

    /** The kernel's files in the container's cgroup (name, content...). */
    private void files(String... namesAndContents) {
        try {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                Files.writeString(box.cgroupDir("c1").resolve(namesAndContents[i]), namesAndContents[i + 1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String file(String name) {
        try {
            return Files.readString(box.cgroupDir("c1").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LinuxResources stored() {
        try {
            return SpecParser.parse(Files.readAllBytes(box.store.dir("c1").resolve(StateStore.CONFIG_FILE))).linux().resources();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void update(String json) {
        new UpdateContainer(box.ctx).update("c1", Resources.of(json));
    }

    @Test
    void theNewValuesGoToTheCgroupAndTheStoredConfig() {
        container(true, """
                {'devices': [{'allow': false, 'access': 'rwm'}],
                 'memory': {'limit': 134217728, 'reservation': 33554432}, 'cpu': {'shares': 512}, 'pids': {'limit': 100}}""");
        files("memory.limit_in_bytes", "134217728\n", "memory.memsw.limit_in_bytes", V1_UNLIMITED + "\n",
                "cpu.shares", "512\n", "pids.max", "100\n");
        update("{'memory': {'limit': 67108864}, 'cpu': {'shares': 0}, 'pids': {'limit': 10}}");

        assertEquals("67108864", file("memory.limit_in_bytes"));
        assertEquals("10", file("pids.max"));
        assertEquals("512", file("cpu.shares"), "0 leaves the stored value");
        assertEquals(V1_UNLIMITED + "\n", file("memory.memsw.limit_in_bytes"), "swap not given: not written");

        LinuxResources r = stored();
        assertEquals(67108864L, r.memory().limit());
        assertEquals(33554432L, r.memory().reservation(), "kept");
        assertEquals(512L, r.cpu().shares(), "kept");
        assertEquals(10L, r.pids().limit());
        assertEquals(List.of(new LinuxDeviceCgroup(false, null, null, null, "rwm")), r.devices(), "devices not in the update: kept");
        assertEquals(List.of("foo", "arg"), storedSpec().process().args(), "the rest of config.json is kept");
        assertEquals(List.of(), box.warnings);
        assertEquals(0, box.posix.openLocks);
    }

    private Spec storedSpec() {
        try {
            return SpecParser.parse(Files.readAllBytes(box.store.dir("c1").resolve(StateStore.CONFIG_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void successiveUpdatesBuildOnEachOther() {
        container(true, "{}");
        files("memory.limit_in_bytes", V1_UNLIMITED + "\n", "pids.max", "max\n");
        update("{'memory': {'limit': 67108864}}");
        update("{'pids': {'limit': 5}}");
        LinuxResources r = stored();
        assertEquals(67108864L, r.memory().limit());
        assertEquals(5L, r.pids().limit());
    }

    @Test
    void raisingMemoryAndSwapTogether() {
        container(true, "{'memory': {'limit': 67108864, 'swap': 134217728}}");
        files("memory.limit_in_bytes", "67108864\n", "memory.memsw.limit_in_bytes", "134217728\n");
        update("{'memory': {'limit': 268435456, 'swap': 536870912}}");
        assertEquals("268435456", file("memory.limit_in_bytes"));
        assertEquals("536870912", file("memory.memsw.limit_in_bytes"));
    }

    @Test
    void aStoppedContainerIsRefused() {
        container(false, "{'pids': {'limit': 100}}");
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> update("{'pids': {'limit': 10}}"));
        assertEquals("container not running", e.getMessage());
        assertEquals(100L, stored().pids().limit(), "config unchanged");
        assertEquals(0, box.posix.openLocks);
    }

    @Test
    void aMissingContainer() {
        assertThrows(ContainerNotFoundException.class, () -> new UpdateContainer(box.ctx).update("nope", Resources.of("{}")));
    }

    @Test
    void aPausedContainerCanBeUpdated() {
        container(true, "{}");
        files("freezer.state", "FROZEN\n", "pids.max", "max\n");
        update("{'pids': {'limit': 7}}");
        assertEquals("7", file("pids.max"));
    }

    @Test
    void ignoredSettingsAreWarnedAbout() {
        container(true, "{}");
        files("memory.limit_in_bytes", V1_UNLIMITED + "\n");
        update("{'memory': {'limit': 67108864, 'kernel': 1048576}}");
        assertEquals(1, box.warnings.size(), box.warnings.toString());
        assertTrue(box.warnings.getFirst().startsWith("update c1: ignored (as runc does): linux.resources.memory.kernel"),
                box.warnings.getFirst());
    }

    @Test
    void devicesAreRewrittenAsTheWholeEffectiveList() {
        container(true, "{'devices': [{'allow': false, 'access': 'rwm'}]}");
        update("{'devices': [{'allow': false, 'access': 'rwm'}, {'allow': true, 'type': 'c', 'major': 10, 'minor': 200, 'access': 'rwm'}]}");
        // deny all first, then the update's rules, then runc's defaults: the last allow is /dev/ptmx
        List<String> devices = box.cgroups.writes(box.cgroupDir("c1"));
        assertEquals(List.of("devices.deny=a", "devices.deny=a *:* rwm", "devices.allow=c 10:200 rwm"), devices.subList(0, 3));
        assertEquals("devices.allow=c 5:2 rwm", devices.getLast());
        assertEquals(3 + 10, devices.size(), "runc's 10 defaults: " + devices);
        assertEquals(2, stored().devices().size(), "the stored list is the update's, without the defaults");
    }

    @Test
    void withoutDevicesTheDeviceRulesAreLeftAlone() {
        container(true, "{}");
        files("pids.max", "max\n");
        update("{'pids': {'limit': 3}}");
        assertEquals(List.of("pids.max=3"), box.cgroups.writes(box.cgroupDir("c1")));
    }

    // ---- cgroup v2 ----

    private void v2() {
        box = new Sandbox(tmp.resolve("v2"), CgroupMode.UNIFIED);
    }

    @Test
    void onCgroupV2() {
        v2();
        container(true, "{'memory': {'limit': 134217728}, 'cpu': {'shares': 1024}}");
        files("memory.max", "134217728\n", "cpu.weight", "39\n", "pids.max", "max\n");
        update("{'memory': {'limit': 67108864, 'swap': 134217728}, 'cpu': {'shares': 2}, 'pids': {'limit': 10}}");
        assertEquals("67108864", file("memory.max"));
        assertEquals("67108864", file("memory.swap.max"));
        assertEquals("1", file("cpu.weight"));
        assertEquals("10", file("pids.max"));
        assertEquals(2L, stored().cpu().shares());
    }

    /**
     * The cgroup gets the merged resources, as with runc: on v2 memory.swap.max is memory+swap minus
     * memory, so an update of the swap alone (runc update --memory-swap) needs the stored limit.
     * (Was a bug: the update alone was applied and failed "a swap limit needs a memory limit".)
     */
    @Test
    void swapAloneOnV2UsesTheStoredMemoryLimit() {
        v2();
        container(true, "{'memory': {'limit': 67108864, 'swap': 134217728}}");
        files("memory.max", "67108864\n", "memory.swap.max", "67108864\n");
        update("{'memory': {'swap': 268435456}}");
        assertEquals("201326592", file("memory.swap.max"));
        assertEquals(268435456L, stored().memory().swap());
    }

    /**
     * cpu.max holds quota and period together: an update of the period alone keeps the stored quota.
     * (Was a bug, same cause: "max 200000" was written, lifting the quota.)
     */
    @Test
    void periodAloneOnV2KeepsTheStoredQuota() {
        v2();
        container(true, "{'cpu': {'quota': 50000, 'period': 100000}}");
        files("cpu.max", "50000 100000\n");
        update("{'cpu': {'period': 200000}}");
        assertEquals("50000 200000", file("cpu.max"));
    }
}
