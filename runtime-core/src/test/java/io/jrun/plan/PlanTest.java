package io.jrun.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {
    private final Step first = Step.of(StepOp.CLOEXEC_FROM, "close", 3);
    private final Step mount = Step.of(StepOp.MOUNT, "mount \"proc\" on /proc", "proc", "/proc");
    private final Step exec = Step.of(StepOp.EXEC, "exec");
    private final Plan plan = Plan.builder().add(first).add(mount).add(exec).build();

    @Test
    void stepAtCountsAsTheShimDoesWithSpawnAtZero() {
        assertNull(plan.stepAt(0), "index 0 is the SPAWN record, not a step");
        assertSame(first, plan.stepAt(1));
        assertSame(mount, plan.stepAt(2));
        assertSame(exec, plan.stepAt(3));
        assertNull(plan.stepAt(4));
        assertNull(plan.stepAt(-1), "-1: no step failed");
    }

    @Test
    void ofTypeKeepsOrder() {
        Plan p = Plan.builder().add(StepOp.MOUNT, "a", "x").add(StepOp.REMOUNT, "b").add(StepOp.MOUNT, "c", "y").build();
        assertEquals(List.of("a", "c"), p.ofType(StepOp.MOUNT).stream().map(Step::description).toList());
        assertEquals(List.of(), p.ofType(StepOp.EXEC));
    }

    @Test
    void stepFieldsAreStrings() {
        Step s = Step.of(StepOp.MKNOD, "create device /dev/null", "/dev/null", 8630, 1L, 3L, 0, 0);
        assertEquals(List.of("/dev/null", "8630", "1", "3", "0", "0"), s.fields());
        assertEquals("create device /dev/null", s.description());
    }

    @Test
    void planIsImmutable() {
        List<Step> steps = new ArrayList<>(List.of(first));
        Plan p = new Plan(steps);
        steps.add(exec);
        assertEquals(1, p.steps().size());
        assertThrows(UnsupportedOperationException.class, () -> p.steps().add(exec));
    }
}
