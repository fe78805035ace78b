package io.jrun.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds a host helper program (newuidmap...) in the caller's PATH, then in the usual places. */
final class Programs {
    private static final List<String> USUAL = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");

    private Programs() {}

    static Optional<Path> find(String name, Map<String, String> env) {
        List<String> dirs = new ArrayList<>();
        String path = env.get("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(USUAL);
        for (String dir : dirs) {
            if (dir.startsWith("/")) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
