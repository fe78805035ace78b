package io.jrun.cgroup;

import io.jrun.error.CgroupException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reading and writing cgroup interface files, with errors that name the config field. */
final class CgroupFiles {
    private final CgroupFs fs;

    CgroupFiles(CgroupFs fs) {
        this.fs = fs;
    }

    void write(Path dir, CgroupWrite w) {
        Path file = dir.resolve(w.file());
        // cgroupfs refuses to create a file with EACCES, not ENOENT: look first, for a clear message.
        if (!fs.exists(file)) {
            throw new CgroupException(w.field() + ": not supported on this host (" + file + " does not exist)");
        }
        try {
            fs.write(file, w.value());
        } catch (IOException e) {
            throw new CgroupException(w.field() + ": cannot set \"" + w.value() + "\": write " + file + ": " + reason(e));
        }
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String r = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return r == null ? e.getClass().getSimpleName() : r.toLowerCase(Locale.ROOT);
    }

    Optional<String> read(Path file) {
        return fs.read(file);
    }

    /** A number, or 0 when absent; "max" reads as -1. */
    long number(Path file) {
        return read(file).map(CgroupFiles::parseNumber).orElse(0L);
    }

    static long parseNumber(String s) {
        if (s.equals("max")) {
            return -1;
        }
        try {
            return Long.parseUnsignedLong(s.split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** "key value" lines (memory.stat, cpu.stat, memory.events, oom_control). */
    Map<String, Long> keyed(Path file) {
        Map<String, Long> out = new LinkedHashMap<>();
        read(file).ifPresent(text -> text.lines().forEach(line -> {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2) {
                out.put(kv[0], parseNumber(kv[1]));
            }
        }));
        return out;
    }
}
