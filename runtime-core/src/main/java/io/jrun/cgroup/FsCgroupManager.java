package io.jrun.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What both cgroup versions share: directories made with mkdir and removed with rmdir. */
abstract class FsCgroupManager implements CgroupManager {
    private final List<Path> dirs;

    FsCgroupManager(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    @Override
    public List<Path> dirs() {
        return dirs;
    }

    @Override
    public List<Path> create() {
        List<Path> made = new ArrayList<>();
        for (Path dir : dirs) {
            // A parent may vanish under us when the last container in it is deleted: start over.
            for (int attempt = 0; ; attempt++) {
                try {
                    createWithParents(dir, made);
                    break;
                } catch (NoSuchFileException e) {
                    if (attempt >= 5) {
                        throw new UncheckedIOException("create cgroup " + dir, e);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("create cgroup " + dir, e);
                }
            }
        }
        return made;
    }

    private void createWithParents(Path dir, List<Path> made) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.addFirst(p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                made.add(p);
                initialize(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made meanwhile by another container's create: fine
            }
        }
    }

    /** Called for each directory this manager makes, parents first. */
    protected void initialize(Path created) {}

    @Override
    public List<Integer> pids() {
        if (dirs.isEmpty()) {
            return List.of();
        }
        Path procs = dirs.getFirst().resolve("cgroup.procs");
        try (Stream<String> lines = Files.lines(procs)) {
            return lines.filter(l -> !l.isBlank()).map(l -> Integer.parseInt(l.trim())).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("read " + procs, e);
        }
    }

    @Override
    public void destroy(List<Path> madeByUs) {
        for (Path dir : dirs) {
            removeTree(dir);
        }
        madeByUs.stream().sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                .filter(p -> !dirs.contains(p))
                .forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // still used by another container: leave it
                    }
                });
    }

    /** rmdir bottom-up; only directories are removed (cgroup files vanish with their directory). */
    private static void removeTree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path c : children.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                removeTree(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("list cgroup " + dir, e);
        }
        // A process that just died may still be leaving the cgroup: retry EBUSY for a moment.
        for (int attempt = 0; ; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (FileSystemException e) {
                if (attempt >= 50) {
                    throw new UncheckedIOException("remove cgroup " + dir, e);
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new UncheckedIOException("remove cgroup " + dir, e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("remove cgroup " + dir, e);
            }
        }
    }
}
