package io.jrun.ns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.InvalidSpecException;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.spec.DefaultSpec;
import io.jrun.spec.LinuxNamespace;
import io.jrun.spec.NamespaceType;
import io.jrun.spec.Spec;
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
        Step clone = plan.cloneStep();
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
    void userAndTimeNamespacesAreRefused() {
        InvalidSpecException user = assertThrows(InvalidSpecException.class,
                () -> NamespacePlan.of(with(LinuxNamespace.of("mount"), LinuxNamespace.of("user"))));
        assertEquals("linux.namespaces[1].type", user.field());
        assertEquals("linux.namespaces[1].type: user namespaces are not supported by this version of jrun",
                user.getMessage());
        InvalidSpecException time = assertThrows(InvalidSpecException.class,
                () -> NamespacePlan.of(with(LinuxNamespace.of("time"), LinuxNamespace.of("mount"))));
        assertEquals("linux.namespaces[0].type", time.field());
        assertThrows(InvalidSpecException.class,
                () -> NamespacePlan.of(with(LinuxNamespace.of("mount"), new LinuxNamespace("user", "/proc/1/ns/user"))));
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
