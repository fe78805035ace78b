package io.jrun.mount;

import io.jrun.os.KernelFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The mount table as /proc/self/mountinfo shows it: where each mount is, and whether it is shared. */
public record HostMounts(List<Entry> entries) {
    public record Entry(Path mountPoint, String optionalFields, String fstype) {
        public boolean isShared() {
            return optionalFields.contains("shared:");
        }
    }

    public HostMounts {
        entries = List.copyOf(entries);
    }

    public static HostMounts read(Path procRoot) {
        try {
            return parse(KernelFiles.read(procRoot.resolve("self/mountinfo")));
        } catch (IOException e) {
            throw new UncheckedIOException("read mountinfo", e);
        }
    }

    public static HostMounts parse(String mountinfo) {
        List<Entry> entries = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] f = line.split(" ");
            int dash = java.util.Arrays.asList(f).indexOf("-");
            if (f.length < 7 || dash < 6) {
                continue;
            }
            String optional = String.join(" ", java.util.Arrays.copyOfRange(f, 6, dash));
            entries.add(new Entry(Path.of(unescape(f[4])), optional, dash + 1 < f.length ? f[dash + 1] : ""));
        }
        return new HostMounts(entries);
    }

    /** The mount that contains path: the last listed mount point that is a prefix of it. */
    public Entry mountOf(Path path) {
        Entry best = null;
        for (Entry e : entries) {
            if (path.startsWith(e.mountPoint())
                    && (best == null || e.mountPoint().getNameCount() >= best.mountPoint().getNameCount())) {
                best = e;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no mount contains " + path);
        }
        return best;
    }

    private static String unescape(String s) {
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
