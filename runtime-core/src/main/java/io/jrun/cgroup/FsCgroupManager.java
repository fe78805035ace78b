package io.jrun.cgroup;

import io.jrun.error.CgroupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What both cgroup versions share: directories made with mkdir and removed with rmdir. */
abstract class FsCgroupManager implements CgroupManager {
    private final Map<String, Path> paths;
    protected final CgroupFs fs;
    protected final CgroupFiles files;

    FsCgroupManager(Map<String, Path> paths, CgroupFs fs) {
        this.paths = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(paths));
        this.fs = fs;
        this.files = new CgroupFiles(fs);
    }

    @Override
    public Map<String, Path> paths() {
        return paths;
    }

    @Override
    public List<Path> create() {
        List<Path> made = new ArrayList<>();
        for (Path dir : dirs()) {
            // A parent may vanish under us when the last container in it is deleted: start over.
            for (int attempt = 0; ; attempt++) {
                try {
                    createWithParents(dir, made);
                    break;
                } catch (java.nio.file.NoSuchFileException e) {
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
        for (Path p = dir; p != null && !fs.isDirectory(p); p = p.getParent()) {
            missing.addFirst(p);
        }
        for (Path p : missing) {
            beforeCreate(p);
            try {
                fs.mkdir(p);
                made.add(p);
                initialize(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made meanwhile by another container's create: fine
            }
        }
    }

    /** Called before each directory this manager makes, parents first. */
    protected void beforeCreate(Path toCreate) {}

    /** Called for each directory this manager makes, parents first. */
    protected void initialize(Path created) {}

    /** The directory whose cgroup.procs lists the container's processes. */
    protected Path procsDir() {
        return dirs().getFirst();
    }

    @Override
    public List<Integer> pids() {
        if (paths.isEmpty()) {
            return List.of();
        }
        return files.read(procsDir().resolve("cgroup.procs"))
                .map(text -> text.lines().filter(l -> !l.isBlank()).map(l -> Integer.parseInt(l.trim())).toList())
                .orElse(List.of());
    }

    /** Waits (up to 10 s) for a freezer file to report the state asked for. */
    protected void awaitState(Path file, String expected, String what) {
        for (int i = 0; i < 1000; i++) {
            if (files.read(file).map(s -> s.contains(expected)).orElse(false)) {
                return;
            }
            sleep(10);
        }
        throw new CgroupException(what + ": " + file + " did not report " + expected.strip() + " within 10 s");
    }

    @Override
    public void destroy(List<Path> madeByUs) {
        destroy(madeByUs, EmptyParents.removeNow(fs));
    }

    @Override
    public void destroy(List<Path> madeByUs, EmptyParents parents) {
        for (Path dir : dirs()) {
            removeTree(dir);
        }
        parents.release(madeByUs.stream().filter(p -> !dirs().contains(p)).toList());
    }

    /**
     * rmdir bottom-up; only directories are removed (cgroup files vanish with their directory).
     * The rmdir comes first: a container's cgroup rarely has children, and listing a v1 cgroup's
     * dozens of files for them cost more than the rmdir itself.
     */
    private void removeTree(Path dir) {
        for (int attempt = 0; ; attempt++) {
            try {
                fs.rmdir(dir);
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (FileSystemException e) {
                // child cgroups (EBUSY on the kernel's cgroupfs), or a process that just died and is
                // still leaving: children go first, a leaving process is given a moment
                List<Path> children;
                try {
                    children = fs.subdirectories(dir);
                } catch (NoSuchFileException gone) {
                    return;
                } catch (IOException io) {
                    throw new UncheckedIOException("list cgroup " + dir, io);
                }
                children.forEach(this::removeTree);
                if (attempt >= 50) {
                    throw new UncheckedIOException("remove cgroup " + dir, e);
                }
                if (children.isEmpty()) {
                    sleep(10);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("remove cgroup " + dir, e);
            }
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
