package io.jrun.cgroup;

import io.jrun.os.KernelFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The host's cgroup hierarchies as a process sees them: parsed from mountinfo and /proc/pid/cgroup. */
public record CgroupLayout(CgroupMode mode, List<Hierarchy> hierarchies) {
    private static final Set<String> V1_OPTIONS_NOT_CONTROLLERS =
            Set.of("rw", "ro", "nosuid", "nodev", "noexec", "relatime", "noatime", "clone_children",
                    "xattr", "cpuset_v2_mode", "noprefix", "favordynmods");

    public CgroupLayout {
        hierarchies = List.copyOf(hierarchies);
    }

    public static CgroupLayout of(Path procRoot, int pid) {
        try {
            return parse(KernelFiles.read(procRoot.resolve("self/mountinfo")),
                    KernelFiles.read(procRoot.resolve(pid + "/cgroup")));
        } catch (IOException e) {
            throw new UncheckedIOException("read cgroup layout", e);
        }
    }

    public static CgroupLayout parse(String mountinfo, String procCgroup) {
        Map<String, String> v1Paths = new HashMap<>();
        String v2Path = null;
        for (String line : procCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                v2Path = f[2];
            } else {
                for (String c : f[1].split(",")) {
                    v1Paths.put(c, f[2]);
                }
            }
        }
        List<Hierarchy> hierarchies = new ArrayList<>();
        boolean hasV1 = false;
        Hierarchy unified = null;
        for (String line : mountinfo.split("\n")) {
            String[] f = line.split(" ");
            int dash = Arrays.asList(f).indexOf("-");
            if (dash < 0 || f.length < dash + 3) {
                continue;
            }
            String root = unescape(f[3]);
            Path mountPoint = Path.of(unescape(f[4]));
            String fstype = f[dash + 1];
            String superOptions = f.length > dash + 3 ? f[dash + 3] : "";
            if (fstype.equals("cgroup2")) {
                if (unified == null && v2Path != null) {
                    unified = new Hierarchy(mountPoint, true, List.of(), root, v2Path);
                }
            } else if (fstype.equals("cgroup")) {
                List<String> controllers = Arrays.stream(superOptions.split(","))
                        .filter(o -> !V1_OPTIONS_NOT_CONTROLLERS.contains(o) && !o.startsWith("release_agent="))
                        .toList();
                String path = controllers.stream().map(v1Paths::get).filter(p -> p != null).findFirst().orElse(null);
                if (path != null && hierarchies.stream().noneMatch(h -> h.controllers().equals(controllers))) {
                    hierarchies.add(new Hierarchy(mountPoint, false, controllers, root, path));
                    hasV1 = true;
                }
            }
        }
        if (unified != null) {
            hierarchies.add(unified);
        }
        CgroupMode mode = !hasV1 ? CgroupMode.UNIFIED : unified == null ? CgroupMode.LEGACY : CgroupMode.HYBRID;
        if (hierarchies.isEmpty()) {
            throw new IllegalStateException("no cgroup hierarchy is mounted");
        }
        return new CgroupLayout(mode, hierarchies);
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
