package io.jrun.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.InvalidSpecException;
import io.jrun.plan.Plan;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.spec.LinuxCapabilities;
import io.jrun.spec.Spec;
import io.jrun.testing.SpecEdit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** create with the process settings: what reaches the plan, the kernel's capabilities, the warnings. */
class CreateProcessSettingsTest {
    @TempDir
    Path tmp;

    private Sandbox box;

    @BeforeEach
    void setUp() {
        box = new Sandbox(tmp);
    }

    private Plan create(Spec spec) {
        box.writeConfig(spec);
        box.spawnSucceeds();
        new CreateContainer(box.ctx).create(box.request("c1"));
        assertEquals(1, box.front.spawned.size());
        return box.front.spawned.getFirst();
    }

    private static List<StepOp> ops(Plan p) {
        return p.steps().stream().map(Step::op).toList();
    }

    private static Spec withCaps(List<String> bounding) {
        Spec s = Sandbox.spec();
        return s.withProcess(s.process().withCapabilities(new LinuxCapabilities(bounding, List.of("CAP_KILL"), null,
                List.of("CAP_KILL"), null)));
    }

    @Test
    void theKernelsLastCapabilityIsReadFromProc() {
        box.proc.write("sys/kernel/cap_last_cap", "37\n");
        Plan p = create(withCaps(List.of("CAP_KILL", "CAP_BPF")));
        assertEquals(List.of(Long.toString(1L << 5), "37"), p.ofType(StepOp.CAP_BOUNDING).getFirst().fields());
        assertEquals("37", p.ofType(StepOp.CAPS).getFirst().fields().get(4));
        assertTrue(box.warnings.contains("create c1: process.capabilities.bounding: CAP_BPF is not known to this kernel: skipped"),
                box.warnings.toString());
    }

    @Test
    void withoutCapLastCapJrunsOwnListIsTheLimit() {
        Plan p = create(withCaps(List.of("CAP_CHECKPOINT_RESTORE")));
        assertEquals(List.of(Long.toString(1L << 40), "40"), p.ofType(StepOp.CAP_BOUNDING).getFirst().fields());
        assertTrue(box.warnings.stream().noneMatch(w -> w.contains("not known to this kernel")), box.warnings.toString());
    }

    @Test
    void processSettingsAreAppliedNotWarnedAbout() {
        Spec s = SpecEdit.edit(Sandbox.spec(), root -> {
            root.withObject("/process").put("oomScoreAdj", 100).put("noNewPrivileges", true);
            root.withObject("/process/user").put("umask", 18);
            root.withObject("/linux").putObject("sysctl").put("net.ipv4.ip_forward", "1");
            root.withObject("/linux").putObject("personality").put("domain", "LINUX");
        });
        List<StepOp> ops = ops(create(s));
        for (StepOp op : List.of(StepOp.RLIMIT, StepOp.OOM_SCORE_ADJ, StepOp.UMASK, StepOp.SYSCTL, StepOp.PERSONALITY,
                StepOp.CAP_BOUNDING, StepOp.KEEP_CAPS, StepOp.CAPS, StepOp.NO_NEW_PRIVS)) {
            assertTrue(ops.contains(op), op + " in " + ops);
        }
        assertTrue(box.warnings.stream().noneMatch(w -> w.contains("process.capabilities") || w.contains("process.rlimits")
                || w.contains("noNewPrivileges") || w.contains("oomScoreAdj") || w.contains("umask")
                || w.contains("linux.sysctl") || w.contains("linux.personality")), box.warnings.toString());
    }

    @Test
    void aNewTimeNamespaceWithOffsets() {
        Spec s = SpecEdit.linux(Sandbox.spec(), l -> {
            l.withArray("namespaces").addObject().put("type", "time");
            l.putObject("timeOffsets").putObject("boottime").put("secs", 3600).put("nanosecs", 0);
        });
        Plan p = create(s);
        List<StepOp> ops = ops(p);
        int clone = ops.indexOf(StepOp.CLONE);
        assertEquals(List.of(StepOp.UNSHARE, StepOp.TIMENS_OFFSETS), ops.subList(clone - 2, clone));
        assertEquals(List.of("boottime 3600 0\n"), p.ofType(StepOp.TIMENS_OFFSETS).getFirst().fields());
        assertEquals(0, Long.parseLong(p.ofType(StepOp.CLONE).getFirst().fields().getFirst()) & 0x80L);
    }

    @Test
    void aHostSysctlFailsBeforeAnythingIsCreated() {
        box.writeConfig(SpecEdit.linux(Sandbox.spec(), l -> l.putObject("sysctl").put("vm.swappiness", "10")));
        box.spawnSucceeds();
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> new CreateContainer(box.ctx).create(box.request("c1")));
        assertEquals("linux.sysctl: \"vm.swappiness\" is not namespaced: setting it would change the host", e.getMessage());
        assertEquals(List.of(), box.front.spawned);
        assertFalse(Files.exists(box.store.dir("c1")), "state directory left behind");
        assertEquals(List.of(), box.cgroupsUnder(box.cgroupfs.resolve("test.slice")), "cgroup left behind");
        assertEquals(0, box.posix.openLocks);
    }

    @Test
    void timeOffsetsWithoutATimeNamespaceFailBeforeAnythingIsCreated() {
        box.writeConfig(SpecEdit.linux(Sandbox.spec(), l -> l.putObject("timeOffsets").putObject("monotonic").put("secs", 1)));
        box.spawnSucceeds();
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> new CreateContainer(box.ctx).create(box.request("c1")));
        assertEquals("linux.timeOffsets", e.field());
        assertEquals(List.of(), box.front.spawned);
        assertFalse(Files.exists(box.store.dir("c1")));
    }
}
