package io.jrun.plan;

import java.util.List;

/**
 * One step of a plan. The description says what the step does in the words of an error message
 * ({@code mount "proc" on /proc}); the shim reports only the step's index and errno.
 */
public record Step(StepOp op, List<String> fields, String description) {
    public Step {
        fields = List.copyOf(fields);
    }

    public static Step of(StepOp op, String description, Object... fields) {
        return new Step(op, java.util.Arrays.stream(fields).map(String::valueOf).toList(), description);
    }
}
