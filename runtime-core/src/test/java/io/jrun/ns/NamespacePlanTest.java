package io.jrun.ns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrun.error.InvalidSpecException;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.spec.DefaultSpec;
import io.jrun.spec.LinuxNamespace;
import io.jrun.spec.NamespaceType;
import io.jrun.spec.Spec;
import io.jrun.testing.SpecEdit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamespacePlanTest {
    private static Spec with(LinuxNamespace... namespaces) {
        Spec s = DefaultSpec.create();
        return s.withLinux(s.linux().withNamespaces(List.of(namespaces)));
    }

    @Test
    void defaultSpecCreatesItsSixNamespaces() {
        NamespacePlan plan = NamespacePlan.of(DefaultSpec.create());
        assertEquals(Set.of(NamespaceType.PID, NamespaceType.NETWORK, NamespaceType.IPC, NamespaceType.UTS,
                NamespaceType.MOUNT, NamespaceType.CGROUP), plan.created());
        assertEquals(0x20000000L | 0x40000000L | 0x08000000L | 0x04000000L | 0x00020000L | 0x02000000L,
                plan.cloneFlags());
        assertEquals(List.of(), plan.setnsSteps());
        assertTrue(plan.creates(NamespaceType.UTS));
        assertFalse(plan.creates(NamespaceType.USER));
    }

    @Test
    void cloneStepCarriesTheFlags() {
        NamespacePlan plan = NamespacePlan.of(with(LinuxNamespace.of("mount"), LinuxNamespace.of("pid")));
        Step clone = plan.cloneStep(null);
        assertEquals(StepOp.CLONE, clone.op());
        assertEquals(List.of(Long.toString(0x20020000L)), clone.fields());
        assertTrue(clone.description().contains("pid") && clone.description().contains("mount"), clone.description());
    }

    @Test
    void namespacesWithAPathAreJoined() {
        NamespacePlan plan = NamespacePlan.of(with(LinuxNamespace.of("mount"), new LinuxNamespace("network", "/var/run/netns/blue"),
                new LinuxNamespace("ipc", "/proc/42/ns/ipc"), LinuxNamespace.of("pid")));
        assertEquals(Set.of(NamespaceType.MOUNT, NamespaceType.PID), plan.created());
        assertEquals(0x00020000L | 0x20000000L, plan.cloneFlags());
        List<Step> setns = plan.setnsSteps();
        assertEquals(2, setns.size());
        assertEquals(StepOp.SETNS, setns.get(0).op());
        assertEquals(List.of(Long.toString(0x40000000L), "/var/run/netns/blue"), setns.get(0).fields());
        assertEquals("join network namespace /var/run/netns/blue", setns.get(0).description());
        assertEquals(List.of(Long.toString(0x08000000L), "/proc/42/ns/ipc"), setns.get(1).fields());
        assertEquals("join ipc namespace /proc/42/ns/ipc", setns.get(1).description());
    }

    @Test
    void emptyPathMeansNew() {
        NamespacePlan plan = NamespacePlan.of(with(LinuxNamespace.of("mount"), new LinuxNamespace("uts", "")));
        assertTrue(plan.creates(NamespaceType.UTS));
        assertEquals(List.of(), plan.setnsSteps());
    }

    @Test
    void aNewUserNamespaceIsClonedWithThePidNamespaceAndTheOthersComeAfterTheMaps() {
        Spec s = SpecEdit.linux(with(LinuxNamespace.of("mount"), LinuxNamespace.of("pid"), LinuxNamespace.of("ipc"),
                LinuxNamespace.of("user")), l -> {
                    l.putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
                    l.putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 200000).put("size", 10);
                });
        NamespacePlan plan = NamespacePlan.of(s);
        IdMaps maps = IdMaps.of(s, IdMaps.Caller.ROOT);
        Step clone = plan.cloneStep(maps);
        assertEquals(List.of(Long.toString(0x10000000L | 0x20000000L), "0 100000 65536\n", "0 200000 10\n", "0", "", ""),
                clone.fields());
        assertEquals(List.of(Step.of(StepOp.UNSHARE, "create namespaces mount, ipc as the container's root",
                0x00020000L | 0x08000000L)), plan.afterCloneSteps());
        assertEquals(List.of(), NamespacePlan.of(DefaultSpec.create()).afterCloneSteps());
    }

    @Test
    void aJoinedUserNamespaceIsJoinedFirst() {
        NamespacePlan plan = NamespacePlan.of(with(LinuxNamespace.of("mount"), new LinuxNamespace("network", "/n"),
                new LinuxNamespace("user", "/u")));
        assertEquals(List.of("/u", "/n"), plan.setnsSteps().stream().map(st -> st.fields().get(1)).toList());
    }

    @Test
    void mappingsWithoutAUserNamespaceAreRefused() {
        Spec s = SpecEdit.linux(with(LinuxNamespace.of("mount")),
                l -> l.putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 1).put("size", 1));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> NamespacePlan.of(s));
        assertEquals("linux.uidMappings: id mappings need a user namespace in linux.namespaces", e.getMessage());
    }

    @Test
    void aNewTimeNamespaceIsUnsharedNotCloned() {
        NamespacePlan plan = NamespacePlan.of(with(LinuxNamespace.of("time"), LinuxNamespace.of("mount"),
                LinuxNamespace.of("pid")));
        assertTrue(plan.creates(NamespaceType.TIME));
        assertEquals(0x00020000L | 0x20000000L, plan.cloneFlags(), "clone would read 0x80 as a signal number");
        assertEquals(List.of(Long.toString(0x00020000L | 0x20000000L)), plan.cloneStep(null).fields());
        assertEquals(List.of(Step.of(StepOp.UNSHARE, "create a time namespace", 0x80L)), plan.timeSteps());
        assertEquals(List.of(), plan.setnsSteps());
    }

    @Test
    void timeOffsetsAreWrittenAfterTheUnshare() {
        Spec s = SpecEdit.linux(with(LinuxNamespace.of("mount"), LinuxNamespace.of("time")), l -> {
            ObjectNode o = l.putObject("timeOffsets");
            o.putObject("monotonic").put("secs", 86400).put("nanosecs", 5);
            o.putObject("boottime").put("secs", -3600).put("nanosecs", 0);
        });
        List<Step> steps = NamespacePlan.of(s).timeSteps();
        assertEquals(List.of(StepOp.UNSHARE, StepOp.TIMENS_OFFSETS), steps.stream().map(Step::op).toList());
        assertEquals(List.of("128"), steps.get(0).fields());
        assertEquals(List.of("monotonic 86400 5\nboottime -3600 0\n"), steps.get(1).fields());
        assertTrue(steps.get(1).description().startsWith("set the time namespace's clock offsets"),
                steps.get(1).description());
    }

    @Test
    void onlyTheClocksGivenAreOffsetAndMissingPartsAreZero() {
        Spec boot = SpecEdit.linux(with(LinuxNamespace.of("mount"), LinuxNamespace.of("time")),
                l -> l.putObject("timeOffsets").putObject("boottime").put("secs", 31536000));
        assertEquals(List.of("boottime 31536000 0\n"), NamespacePlan.of(boot).timeSteps().get(1).fields());
        Spec mono = SpecEdit.linux(with(LinuxNamespace.of("mount"), LinuxNamespace.of("time")),
                l -> l.putObject("timeOffsets").putObject("monotonic").put("nanosecs", 7));
        assertEquals(List.of("monotonic 0 7\n"), NamespacePlan.of(mono).timeSteps().get(1).fields());
    }

    @Test
    void noTimeStepsWithoutANewTimeNamespace() {
        assertEquals(List.of(), NamespacePlan.of(DefaultSpec.create()).timeSteps());
        NamespacePlan joined = NamespacePlan.of(with(LinuxNamespace.of("mount"), new LinuxNamespace("time", "/proc/7/ns/time")));
        assertFalse(joined.creates(NamespaceType.TIME));
        assertEquals(List.of(), joined.timeSteps());
        assertEquals(List.of(List.of(Long.toString(0x80L), "/proc/7/ns/time")),
                joined.setnsSteps().stream().map(Step::fields).toList(), "a time namespace with a path is joined");
    }

    @Test
    void timeOffsetsNeedANewTimeNamespace() {
        Spec none = SpecEdit.linux(with(LinuxNamespace.of("mount")),
                l -> l.putObject("timeOffsets").putObject("boottime").put("secs", 1));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> NamespacePlan.of(none));
        assertEquals("linux.timeOffsets", e.field());
        assertEquals("linux.timeOffsets: needs a new time namespace", e.getMessage());
        Spec joined = SpecEdit.linux(with(LinuxNamespace.of("mount"), new LinuxNamespace("time", "/proc/7/ns/time")),
                l -> l.putObject("timeOffsets").putObject("boottime").put("secs", 1));
        assertThrows(InvalidSpecException.class, () -> NamespacePlan.of(joined));
    }

    @Test
    void anUnknownClockIsRefused() {
        Spec s = SpecEdit.linux(with(LinuxNamespace.of("mount"), LinuxNamespace.of("time")),
                l -> l.putObject("timeOffsets").putObject("realtime").put("secs", 1));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> NamespacePlan.of(s));
        assertEquals("linux.timeOffsets", e.field());
        assertEquals("linux.timeOffsets: unknown clock \"realtime\" (monotonic or boottime)", e.getMessage());
    }

    @Test
    void withoutANewMountNamespaceIsRefused() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> NamespacePlan.of(with(LinuxNamespace.of("pid"))));
        assertEquals("linux.namespaces", e.field());
        assertThrows(InvalidSpecException.class,
                () -> NamespacePlan.of(with(new LinuxNamespace("mount", "/proc/1/ns/mnt"))));
        Spec noLinux = DefaultSpec.create().withLinux(null);
        assertThrows(InvalidSpecException.class, () -> NamespacePlan.of(noLinux));
    }

    @Test
    void unknownTypeIsRefused() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> NamespacePlan.of(with(LinuxNamespace.of("mount"), LinuxNamespace.of("bogus"))));
        assertEquals("linux.namespaces", e.field());
    }
}
