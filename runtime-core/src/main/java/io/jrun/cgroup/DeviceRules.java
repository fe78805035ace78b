package io.jrun.cgroup;

import io.jrun.spec.LinuxDevice;
import io.jrun.spec.LinuxDeviceCgroup;
import io.jrun.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * The device cgroup rules a container gets: config.json's linux.resources.devices, then what every
 * container needs (runc's allowed defaults: mknod of anything, the standard nodes, ptys), then
 * the nodes config.json asks jrun to create. The last matching rule wins.
 */
public final class DeviceRules {
    private DeviceRules() {}

    static final List<LinuxDeviceCgroup> DEFAULT_ALLOWED = List.of(
            allow("c", null, null, "m"), allow("b", null, null, "m"),
            allow("c", 1L, 3L, "rwm"), allow("c", 1L, 8L, "rwm"), allow("c", 1L, 7L, "rwm"),
            allow("c", 5L, 0L, "rwm"), allow("c", 1L, 5L, "rwm"), allow("c", 1L, 9L, "rwm"),
            allow("c", 136L, null, "rwm"), allow("c", 5L, 2L, "rwm"));

    public static List<LinuxDeviceCgroup> of(Spec spec) {
        List<LinuxDeviceCgroup> rules = new ArrayList<>();
        if (spec.linux() != null && spec.linux().resources() != null) {
            rules.addAll(spec.linux().resources().devices());
        }
        // No rules at all: start from "deny everything", as runc does; the defaults below open up.
        if (rules.isEmpty()) {
            rules.add(new LinuxDeviceCgroup(false, "a", null, null, "rwm"));
        }
        rules.addAll(DEFAULT_ALLOWED);
        if (spec.linux() != null) {
            for (LinuxDevice d : spec.linux().devices()) {
                String type = "p".equals(d.type()) ? null : "u".equals(d.type()) ? "c" : d.type();
                if (type != null) {
                    rules.add(allow(type, d.major(), d.minor(), "rwm"));
                }
            }
        }
        return rules;
    }

    private static LinuxDeviceCgroup allow(String type, Long major, Long minor, String access) {
        return new LinuxDeviceCgroup(true, type, major, minor, access);
    }

    /** A rule as cgroup v1's devices.allow/deny read it: "c 1:3 rwm", "a *:* rwm". */
    public static String v1Line(LinuxDeviceCgroup r) {
        String type = r.type() == null || r.type().isEmpty() ? "a" : r.type();
        String major = r.major() == null || r.major() < 0 ? "*" : Long.toString(r.major());
        String minor = r.minor() == null || r.minor() < 0 ? "*" : Long.toString(r.minor());
        String access = r.access() == null || r.access().isEmpty() ? "rwm" : r.access();
        return type + " " + major + ":" + minor + " " + access;
    }
}
