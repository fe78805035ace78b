package io.jrun.ns;

import io.jrun.error.InvalidSpecException;
import io.jrun.spec.LinuxIdMapping;
import io.jrun.spec.Spec;
import io.jrun.spec.User;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The uid and gid maps of a new user namespace, checked, and how stage 1 writes them: directly
 * when jrun runs as root or maps only the caller's own id, else through the setuid helpers
 * newuidmap/newgidmap (which check /etc/subuid and /etc/subgid), as runc does for rootless users.
 */
public record IdMaps(String uidMap, String gidMap, boolean denySetgroups, String uidHelper, String gidHelper) {
    /** Who runs jrun, and where its helper programs are (empty when not installed). */
    public record Caller(long uid, long gid, Function<String, Optional<Path>> program) {
        public static final Caller ROOT = new Caller(0, 0, name -> Optional.empty());

        public boolean privileged() {
            return uid == 0;
        }
    }

    /** The kernel's limit on lines in uid_map and gid_map. */
    static final int MAX_RANGES = 340;
    private static final long ID_SPACE = 1L << 32;

    public static IdMaps of(Spec spec, Caller caller) {
        List<LinuxIdMapping> uids = spec.linux() == null ? List.of() : spec.linux().uidMappings();
        List<LinuxIdMapping> gids = spec.linux() == null ? List.of() : spec.linux().gidMappings();
        check("linux.uidMappings", uids, "uid");
        check("linux.gidMappings", gids, "gid");
        User user = spec.process() == null ? null : spec.process().user();
        if (user != null) {
            mapped("process.user.uid", uids, user.uid(), "linux.uidMappings");
            mapped("process.user.gid", gids, user.gid(), "linux.gidMappings");
            for (long g : user.additionalGids()) {
                mapped("process.user.additionalGids", gids, g, "linux.gidMappings");
            }
        }
        if (caller.privileged()) {
            return new IdMaps(text(uids), text(gids), false, "", "");
        }
        String uidHelper = ownIdOnly(uids, caller.uid()) ? "" : helper(caller, "newuidmap", "linux.uidMappings", "uid");
        String gidHelper = ownIdOnly(gids, caller.gid()) ? "" : helper(caller, "newgidmap", "linux.gidMappings", "gid");
        // An unprivileged process may write its own gid into gid_map only once setgroups is denied.
        return new IdMaps(text(uids), text(gids), gidHelper.isEmpty(), uidHelper, gidHelper);
    }

    public static boolean maps(List<LinuxIdMapping> ranges, long id) {
        return ranges.stream().anyMatch(m -> id >= m.containerID() && id < m.containerID() + m.size());
    }

    private static void check(String field, List<LinuxIdMapping> ranges, String kind) {
        if (ranges.isEmpty()) {
            throw new InvalidSpecException(field, "a new user namespace needs " + kind + " mappings");
        }
        if (ranges.size() > MAX_RANGES) {
            throw new InvalidSpecException(field, ranges.size() + " ranges, the kernel allows " + MAX_RANGES);
        }
        for (int i = 0; i < ranges.size(); i++) {
            LinuxIdMapping m = ranges.get(i);
            if (m.size() < 1) {
                throw new InvalidSpecException(field + "[" + i + "].size", "must be at least 1");
            }
            if (m.containerID() + m.size() > ID_SPACE || m.hostID() + m.size() > ID_SPACE) {
                throw new InvalidSpecException(field + "[" + i + "]", "the range goes past " + kind + " " + (ID_SPACE - 1));
            }
        }
        overlaps(field, ranges, LinuxIdMapping::containerID, "container");
        overlaps(field, ranges, LinuxIdMapping::hostID, "host");
        if (!maps(ranges, 0)) {
            throw new InvalidSpecException(field, "container " + kind + " 0 is not mapped (init sets up the container as its root)");
        }
    }

    private static void overlaps(String field, List<LinuxIdMapping> ranges, Function<LinuxIdMapping, Long> start, String side) {
        List<LinuxIdMapping> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(start));
        for (int i = 1; i < sorted.size(); i++) {
            LinuxIdMapping a = sorted.get(i - 1);
            LinuxIdMapping b = sorted.get(i);
            if (start.apply(a) + a.size() > start.apply(b)) {
                throw new InvalidSpecException(field, "ranges overlap on the " + side + " side (at " + start.apply(b) + ")");
            }
        }
    }

    private static void mapped(String field, List<LinuxIdMapping> ranges, long id, String mappings) {
        if (!maps(ranges, id)) {
            throw new InvalidSpecException(field, id + " is not mapped by " + mappings);
        }
    }

    private static boolean ownIdOnly(List<LinuxIdMapping> ranges, long own) {
        return ranges.size() == 1 && ranges.getFirst().size() == 1 && ranges.getFirst().hostID() == own;
    }

    private static String helper(Caller caller, String name, String field, String kind) {
        return caller.program().apply(name).map(Path::toString).orElseThrow(() -> new InvalidSpecException(field,
                "without root, mapping more than your own " + kind + " (" + (kind.equals("uid") ? caller.uid() : caller.gid())
                        + ") needs " + name + " (Debian's package uidmap) and an entry in /etc/sub" + kind));
    }

    private static String text(List<LinuxIdMapping> ranges) {
        StringBuilder s = new StringBuilder();
        for (LinuxIdMapping m : ranges) {
            s.append(m.containerID()).append(' ').append(m.hostID()).append(' ').append(m.size()).append('\n');
        }
        return s.toString();
    }
}
