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
    public static NamespacePlan of(Spec spec) {
        List<LinuxNamespace> joined = new ArrayList<>();
        Set<NamespaceType> created = EnumSet.noneOf(NamespaceType.class);
        List<LinuxNamespace> namespaces = spec.linux() == null ? List.of() : spec.linux().namespaces();
        for (int i = 0; i < namespaces.size(); i++) {
            LinuxNamespace ns = namespaces.get(i);
            NamespaceType type = NamespaceType.fromSpecName(ns.type()).orElseThrow(
                    () -> new InvalidSpecException("linux.namespaces", "unknown namespace type \"" + ns.type() + "\""));
            if (ns.path() != null && !ns.path().isEmpty()) {
                // a joined user namespace first: it owns the others and gives the rights to join them
                joined.add(type == NamespaceType.USER ? 0 : joined.size(), ns);
            } else {
                created.add(type);
            }
        }
        if (!created.contains(NamespaceType.MOUNT)) {
            throw new InvalidSpecException("linux.namespaces",
                    "a new mount namespace is required (jrun does not run containers in the host's mounts)");
        }
        boolean mappings = spec.linux() != null && (!spec.linux().uidMappings().isEmpty() || !spec.linux().gidMappings().isEmpty());
        if (mappings && !created.contains(NamespaceType.USER) && joined.stream().noneMatch(ns -> ns.type().equals("user"))) {
            throw new InvalidSpecException("linux.uidMappings", "id mappings need a user namespace in linux.namespaces");
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

    /**
     * The clone. With a new user namespace it makes only that and the pid namespace (init must be
     * born into it); stage 1 writes the id maps, and init, root of its namespace by then, makes the
     * others: so what they own (the mqueue mount of the ipc namespace...) belongs to the container's root.
     */
    public Step cloneStep(IdMaps maps) {
        List<String> names = created.stream().filter(t -> t != NamespaceType.TIME).map(NamespaceType::specName).toList();
        String what = "create the container process in new namespaces " + String.join(", ", names);
        if (!created.contains(NamespaceType.USER)) {
            return Step.of(StepOp.CLONE, what, cloneFlags());
        }
        long flags = NamespaceType.USER.cloneFlag() | (created.contains(NamespaceType.PID) ? NamespaceType.PID.cloneFlag() : 0);
        List<String> atClone = created.stream().filter(t -> (t.cloneFlag() & flags) != 0).map(NamespaceType::specName).toList();
        return Step.of(StepOp.CLONE, "create the container process in new namespaces " + String.join(", ", atClone)
                + " and map its ids", flags, maps.uidMap(), maps.gidMap(), maps.denySetgroups() ? 1 : 0, maps.uidHelper(),
                maps.gidHelper());
    }

    /** With a new user namespace, init makes the other new namespaces right after the clone. */
    public List<Step> afterCloneSteps() {
        if (!created.contains(NamespaceType.USER)) {
            return List.of();
        }
        long rest = cloneFlags() & ~(NamespaceType.USER.cloneFlag() | NamespaceType.PID.cloneFlag());
        if (rest == 0) {
            return List.of();
        }
        List<String> names = created.stream().filter(t -> (t.cloneFlag() & rest) != 0).map(NamespaceType::specName).toList();
        return List.of(Step.of(StepOp.UNSHARE, "create namespaces " + String.join(", ", names) + " as the container's root", rest));
    }
}
