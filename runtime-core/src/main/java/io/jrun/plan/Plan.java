package io.jrun.plan;

import java.util.ArrayList;
import java.util.List;

/** The steps that make one container process, in order: what the shim executes. */
public record Plan(List<Step> steps) {
    public Plan {
        steps = List.copyOf(steps);
    }

    /** The step at a plan index as the shim counts it (the SPAWN record is index 0). */
    public Step stepAt(int shimIndex) {
        int i = shimIndex - 1;
        return i >= 0 && i < steps.size() ? steps.get(i) : null;
    }

    public List<Step> ofType(StepOp op) {
        return steps.stream().filter(s -> s.op() == op).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();

        public Builder add(Step step) {
            steps.add(step);
            return this;
        }

        public Builder add(StepOp op, String description, Object... fields) {
            return add(Step.of(op, description, fields));
        }

        public Builder addAll(List<Step> more) {
            steps.addAll(more);
            return this;
        }

        public Plan build() {
            return new Plan(steps);
        }
    }
}
