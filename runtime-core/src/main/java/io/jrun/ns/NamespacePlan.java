package io.jrun.ns;

import io.jrun.error.InvalidSpecException;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.spec.LinuxNamespace;
import io.jrun.spec.NamespaceType;
import io.jrun.spec.Spec;
import java.util.ArrayList;
import java.util.EnumSet;
import io.jrun.spec.LinuxTimeOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which namespaces a container joins (those with a path) and which it gets new (the clone flags).
 * Joined namespaces are entered by stage 1 before the clone, so init is born inside them.
 */
public record NamespacePlan(List<LinuxNamespace> joined, Set<NamespaceType> created, Map<String, LinuxTimeOffset> timeOffsets) {
    /** user namespaces need id maps written around the clone: not done yet. */
    private static final Set<NamespaceType> NOT_YET = EnumSet.of(NamespaceType.USER);

    public static NamespacePlan of(Spec spec) {
        List<LinuxNamespace> joined = new ArrayList<>();
        Set<NamespaceType> created = EnumSet.noneOf(NamespaceType.class);
        List<LinuxNamespace> namespaces = spec.linux() == null ? List.of() : spec.linux().namespaces();
        for (int i = 0; i < namespaces.size(); i++) {
            LinuxNamespace ns = namespaces.get(i);
            NamespaceType type = NamespaceType.fromSpecName(ns.type()).orElseThrow(
                    () -> new InvalidSpecException("linux.namespaces", "unknown namespace type \"" + ns.type() + "\""));
            if (NOT_YET.contains(type)) {
                throw new InvalidSpecException("linux.namespaces[" + i + "].type",
                        type.specName() + " namespaces are not supported by this version of jrun");
            }
            if (ns.path() != null && !ns.path().isEmpty()) {
                joined.add(ns);
            } else {
                created.add(type);
            }
        }
        if (!created.contains(NamespaceType.MOUNT)) {
            throw new InvalidSpecException("linux.namespaces",
                    "a new mount namespace is required (jrun does not run containers in the host's mounts)");
        }
        Map<String, LinuxTimeOffset> offsets = spec.linux() == null ? Map.of() : spec.linux().timeOffsets();
        for (String clock : offsets.keySet()) {
            if (!clock.equals("monotonic") && !clock.equals("boottime")) {
                throw new InvalidSpecException("linux.timeOffsets", "unknown clock \"" + clock + "\" (monotonic or boottime)");
            }
        }
        if (!offsets.isEmpty() && !created.contains(NamespaceType.TIME)) {
            throw new InvalidSpecException("linux.timeOffsets", "needs a new time namespace");
        }
        return new NamespacePlan(joined, created, offsets);
    }

    public boolean creates(NamespaceType type) {
        return created.contains(type);
    }

    /** The namespaces clone makes. A time namespace is not among them: clone reads its flag as a signal number. */
    public long cloneFlags() {
        return created.stream().filter(t -> t != NamespaceType.TIME).mapToLong(NamespaceType::cloneFlag).reduce(0, (a, b) -> a | b);
    }

    /**
     * A new time namespace is made by stage 1 with unshare, which puts its future children in it,
     * and its clock offsets are written before any process is inside.
     */
    public List<Step> timeSteps() {
        if (!created.contains(NamespaceType.TIME)) {
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        steps.add(Step.of(StepOp.UNSHARE, "create a time namespace", NamespaceType.TIME.cloneFlag()));
        if (!timeOffsets.isEmpty()) {
            StringBuilder text = new StringBuilder();
            timeOffsets.forEach((clock, o) -> text.append(clock).append(' ').append(o.secs() == null ? 0 : o.secs())
                    .append(' ').append(o.nanosecs() == null ? 0 : o.nanosecs()).append('\n'));
            steps.add(Step.of(StepOp.TIMENS_OFFSETS, "set the time namespace's clock offsets " + timeOffsets.keySet(),
                    text.toString()));
        }
        return steps;
    }

    public List<Step> setnsSteps() {
        return joined.stream()
                .map(ns -> {
                    NamespaceType t = NamespaceType.fromSpecName(ns.type()).orElseThrow();
                    return Step.of(StepOp.SETNS, "join " + t.specName() + " namespace " + ns.path(), t.cloneFlag(), ns.path());
                })
                .toList();
    }

    public Step cloneStep() {
        List<String> names = created.stream().map(NamespaceType::specName).toList();
        return Step.of(StepOp.CLONE, "create the container process in new namespaces " + String.join(", ", names),
                cloneFlags());
    }
}
