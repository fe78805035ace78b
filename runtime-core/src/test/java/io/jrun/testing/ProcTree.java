package io.jrun.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A fake /proc in a temp dir: stat, cgroup and mountinfo files. */
public final class ProcTree {
    private final Path root;

    public ProcTree(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root.resolve("self"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    /** A /proc/&lt;pid&gt;/stat line as the kernel writes it: field 22 is the start time. */
    public static String statLine(int pid, String comm, char state, int ppid, long startTime) {
        List<String> f = new ArrayList<>();
        f.add(Integer.toString(pid));
        f.add("(" + comm + ")");
        f.add(String.valueOf(state));
        f.add(Integer.toString(ppid));
        for (int field = 5; field <= 52; field++) {
            f.add(field == 22 ? Long.toString(startTime) : Integer.toString(field * 11));
        }
        return String.join(" ", f) + "\n";
    }

    public ProcTree process(int pid, char state, long startTime) {
        return write(pid + "/stat", statLine(pid, "sh", state, 1, startTime));
    }

    public ProcTree cgroup(int pid, String text) {
        return write(pid + "/cgroup", text);
    }

    public ProcTree mountinfo(String text) {
        return write("self/mountinfo", text);
    }

    public ProcTree write(String relative, String text) {
        Path p = root.resolve(relative);
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public void kill(int pid) {
        deleteTree(root.resolve(Integer.toString(pid)));
    }

    /** mountinfo escapes spaces, tabs, newlines and backslashes in paths. */
    public static String escape(Path p) {
        return p.toString().replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011").replace("\n", "\\012");
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
