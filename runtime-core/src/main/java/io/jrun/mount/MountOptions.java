package io.jrun.mount;

import static io.jrun.mount.MountFlags.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A mount's "options" split the way mount(8) and runc do: flags for mount(2), propagation changes
 * (applied by separate calls), and the rest joined as the filesystem's data string.
 */
public record MountOptions(long flags, List<Long> propagation, String data) {
    /** Options that set (true) or clear (false) a flag. */
    private static final Map<String, Flag> FLAGS = Map.ofEntries(
            Map.entry("async", new Flag(false, MS_SYNCHRONOUS)),
            Map.entry("atime", new Flag(false, MS_NOATIME)),
            Map.entry("bind", new Flag(true, MS_BIND)),
            Map.entry("defaults", new Flag(true, 0)),
            Map.entry("dev", new Flag(false, MS_NODEV)),
            Map.entry("diratime", new Flag(false, MS_NODIRATIME)),
            Map.entry("dirsync", new Flag(true, MS_DIRSYNC)),
            Map.entry("exec", new Flag(false, MS_NOEXEC)),
            Map.entry("iversion", new Flag(true, MS_I_VERSION)),
            Map.entry("lazytime", new Flag(true, MS_LAZYTIME)),
            Map.entry("loud", new Flag(false, MS_SILENT)),
            Map.entry("mand", new Flag(true, MS_MANDLOCK)),
            Map.entry("noatime", new Flag(true, MS_NOATIME)),
            Map.entry("nodev", new Flag(true, MS_NODEV)),
            Map.entry("nodiratime", new Flag(true, MS_NODIRATIME)),
            Map.entry("noexec", new Flag(true, MS_NOEXEC)),
            Map.entry("noiversion", new Flag(false, MS_I_VERSION)),
            Map.entry("nolazytime", new Flag(false, MS_LAZYTIME)),
            Map.entry("nomand", new Flag(false, MS_MANDLOCK)),
            Map.entry("norelatime", new Flag(false, MS_RELATIME)),
            Map.entry("nostrictatime", new Flag(false, MS_STRICTATIME)),
            Map.entry("nosuid", new Flag(true, MS_NOSUID)),
            Map.entry("rbind", new Flag(true, MS_BIND | MS_REC)),
            Map.entry("relatime", new Flag(true, MS_RELATIME)),
            Map.entry("remount", new Flag(true, MS_REMOUNT)),
            Map.entry("ro", new Flag(true, MS_RDONLY)),
            Map.entry("rw", new Flag(false, MS_RDONLY)),
            Map.entry("silent", new Flag(true, MS_SILENT)),
            Map.entry("strictatime", new Flag(true, MS_STRICTATIME)),
            Map.entry("suid", new Flag(false, MS_NOSUID)),
            Map.entry("sync", new Flag(true, MS_SYNCHRONOUS)));

    private static final Map<String, Long> PROPAGATIONS = Map.of(
            "private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC,
            "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC,
            "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC,
            "unbindable", MS_UNBINDABLE, "runbindable", MS_UNBINDABLE | MS_REC);

    private record Flag(boolean set, long value) {}

    public MountOptions {
        propagation = List.copyOf(propagation);
    }

    /** Every option name jrun recognizes (flags and propagation), sorted. */
    public static List<String> names() {
        return java.util.stream.Stream.concat(FLAGS.keySet().stream(), PROPAGATIONS.keySet().stream()).sorted().toList();
    }

    public static MountOptions parse(List<String> options) {
        long flags = 0;
        List<Long> propagation = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (String o : options) {
            Flag f = FLAGS.get(o);
            Long p = PROPAGATIONS.get(o);
            if (f != null) {
                flags = f.set() ? flags | f.value() : flags & ~f.value();
            } else if (p != null) {
                propagation.add(p);
            } else {
                data.add(o);
            }
        }
        return new MountOptions(flags, propagation, String.join(",", data));
    }

    /** The propagation flag of a rootfsPropagation value, or 0 for an empty one. */
    public static long propagationOf(String name) {
        if (name == null || name.isEmpty()) {
            return 0;
        }
        Long p = PROPAGATIONS.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown propagation " + name);
        }
        return p;
    }

    public boolean isBind() {
        return (flags & MS_BIND) != 0;
    }

    /** Flags that a bind mount can only get through a remount (ro, nosuid, ...). */
    public long remountFlags() {
        return flags & ~(MS_BIND | MS_REC | MS_REMOUNT);
    }
}
