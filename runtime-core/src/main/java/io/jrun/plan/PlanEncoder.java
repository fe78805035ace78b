package io.jrun.plan;

import io.jrun.front.Record;
import java.util.List;

/** Turns a plan into the records the shim reads. */
public final class PlanEncoder {
    private PlanEncoder() {}

    public static List<Record> encode(Plan plan) {
        return plan.steps().stream().map(s -> Record.ofStrings(s.op().code(), s.fields())).toList();
    }
}
