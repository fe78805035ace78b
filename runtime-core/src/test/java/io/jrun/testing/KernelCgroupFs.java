package io.jrun.testing;

import io.jrun.cgroup.CgroupFs;
import io.jrun.cgroup.CgroupStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * cgroupfs on a temp dir, as the kernel behaves: mkdir makes a cgroup with the interface files of
 * its hierarchy's controllers (on cgroup2, of those its parent's cgroup.subtree_control hands down),
 * a write replaces an existing file and never creates one (EACCES), rmdir takes the cgroup's files
 * with it but refuses a cgroup with children or processes. Every write is recorded in order, so a
 * test sees each line written to devices.allow/deny. The freezer reports what was written to it.
 *
 * <p>Tests play the rest of the kernel by writing the files directly (cgroup.procs, usage figures).
 * A file is named after its controller ("memory.max": memory), "cgroup.*" belong to every cgroup.
 */
public final class KernelCgroupFs implements CgroupFs {
    /** One write, in the order made. */
    public record Write(Path file, String value) {}

    private record Hierarchy(Path root, boolean v2, Map<String, String> files) {}

    private final List<Hierarchy> hierarchies = new ArrayList<>();
    public final List<Write> writes = new CopyOnWriteArrayList<>();
    /** false: a freeze stays pending (FREEZING, "frozen 0") until {@link #settleFreezer}. */
    public volatile boolean freezesAtOnce = true;

    /** The files a new v1 cgroup gets, with their initial values, for the given controllers. */
    public static Map<String, String> v1Files(String... controllers) {
        String unlimited = Long.toString(CgroupStats.V1_UNLIMITED);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("cgroup.procs", "");
        all.put("cpu.shares", "1024");
        all.put("cpu.cfs_quota_us", "-1");
        all.put("cpu.cfs_period_us", "100000");
        all.put("cpu.stat", "nr_periods 0\nnr_throttled 0\nthrottled_time 0");
        all.put("cpuacct.usage", "0");
        all.put("cpuacct.stat", "user 0\nsystem 0");
        all.put("cpuset.cpus", "");
        all.put("cpuset.mems", "");
        all.put("memory.limit_in_bytes", unlimited);
        all.put("memory.soft_limit_in_bytes", unlimited);
        all.put("memory.memsw.limit_in_bytes", unlimited);
        all.put("memory.usage_in_bytes", "0");
        all.put("memory.swappiness", "60");
        all.put("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0");
        all.put("devices.allow", "");
        all.put("devices.deny", "");
        all.put("devices.list", "a *:* rwm");
        all.put("freezer.state", "THAWED");
        all.put("pids.max", "max");
        all.put("pids.current", "0");
        all.put("blkio.weight", "500");
        all.put("hugetlb.2MB.limit_in_bytes", unlimited);
        all.put("hugetlb.2MB.usage_in_bytes", "0");
        return only(all, List.of(controllers));
    }

    /** Every file a v2 cgroup can have; a new cgroup gets those of the controllers handed down to it. */
    public static Map<String, String> v2Files() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("cgroup.controllers", "");
        all.put("cgroup.subtree_control", "");
        all.put("cgroup.procs", "");
        all.put("cgroup.events", "populated 0\nfrozen 0");
        all.put("cgroup.freeze", "0");
        all.put("cgroup.max.depth", "max");
        all.put("cpu.max", "max 100000");
        all.put("cpu.weight", "100");
        all.put("cpu.stat", "usage_usec 0\nuser_usec 0\nsystem_usec 0");
        all.put("cpuset.cpus", "");
        all.put("cpuset.mems", "");
        all.put("memory.max", "max");
        all.put("memory.swap.max", "max");
        all.put("memory.low", "0");
        all.put("memory.high", "max");
        all.put("memory.current", "0");
        all.put("memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0");
        all.put("pids.max", "max");
        all.put("pids.current", "0");
        all.put("io.max", "");
        all.put("io.weight", "default 100");
        all.put("hugetlb.2MB.max", "max");
        all.put("hugetlb.2MB.current", "0");
        return all;
    }

    /** Mounts a v1 hierarchy carrying these controllers at root (made if missing, with the files). */
    public KernelCgroupFs v1(Path root, String... controllers) {
        return v1(root, v1Files(controllers));
    }

    /** A v1 hierarchy whose cgroups get exactly these files. */
    public KernelCgroupFs v1(Path root, Map<String, String> files) {
        return mount(new Hierarchy(root, false, Collections.unmodifiableMap(new LinkedHashMap<>(files))), files);
    }

    /** Mounts cgroup2 at root, its root cgroup offering these controllers. */
    public KernelCgroupFs v2(Path root, String... controllers) {
        return v2(root, v2Files(), controllers);
    }

    /** cgroup2 whose cgroups can have exactly these files (a kernel without some of them). */
    public KernelCgroupFs v2(Path root, Map<String, String> files, String... controllers) {
        // the root cgroup has no limits, no freezer and no events
        Map<String, String> rootFiles = new LinkedHashMap<>();
        rootFiles.put("cgroup.controllers", String.join(" ", controllers));
        rootFiles.put("cgroup.subtree_control", "");
        rootFiles.put("cgroup.procs", "");
        return mount(new Hierarchy(root, true, Collections.unmodifiableMap(new LinkedHashMap<>(files))), rootFiles);
    }

    private KernelCgroupFs mount(Hierarchy h, Map<String, String> rootFiles) {
        try {
            Files.createDirectories(h.root());
            for (Map.Entry<String, String> f : rootFiles.entrySet()) {
                if (!Files.exists(h.root().resolve(f.getKey()))) {
                    Files.writeString(h.root().resolve(f.getKey()), f.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hierarchies.add(h);
        return this;
    }

    /** The writes into dir's files, as "file=value", in order. */
    public List<String> writes(Path dir) {
        return writes.stream().filter(w -> w.file().getParent().equals(dir))
                .map(w -> w.file().getFileName() + "=" + w.value()).toList();
    }

    /** The kernel finishes a pending freeze (see {@link #freezesAtOnce}). */
    public synchronized void settleFreezer(Path dir) {
        try {
            if (Files.exists(dir.resolve("freezer.state"))) {
                Files.writeString(dir.resolve("freezer.state"), readOr(dir.resolve("freezer.state")).replace("FREEZING", "FROZEN"));
            }
            if (Files.exists(dir.resolve("cgroup.freeze"))) {
                setFrozen(dir, readOr(dir.resolve("cgroup.freeze")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- CgroupFs ----

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public boolean isDirectory(Path path) {
        return Files.isDirectory(path);
    }

    @Override
    public Optional<String> read(Path file) {
        return Files.isRegularFile(file) ? Optional.of(readOr(file)) : Optional.empty();
    }

    @Override
    public synchronized void write(Path file, String value) throws IOException {
        if (!Files.isDirectory(file.getParent())) {
            throw new NoSuchFileException(file.toString());
        }
        if (!Files.isRegularFile(file)) {
            throw new AccessDeniedException(file.toString()); // cgroupfs: no file is ever created
        }
        writes.add(new Write(file, value));
        Path dir = file.getParent();
        switch (file.getFileName().toString()) {
            case "devices.allow", "devices.deny" -> { } // write-only: each line changes the rules, nothing to read back
            case "freezer.state" -> {
                if (!value.equals("FROZEN") && !value.equals("THAWED")) {
                    throw new FileSystemException(file.toString(), null, "Invalid argument");
                }
                Files.writeString(file, value.equals("FROZEN") && !freezesAtOnce ? "FREEZING" : value);
            }
            case "cgroup.freeze" -> {
                Files.writeString(file, value);
                if (freezesAtOnce || value.equals("0")) {
                    setFrozen(dir, value);
                }
            }
            case "cgroup.subtree_control" -> subtreeControl(dir, value);
            default -> Files.writeString(file, value);
        }
    }

    @Override
    public synchronized void mkdir(Path dir) throws IOException {
        Files.createDirectory(dir);
        Hierarchy h = hierarchyOf(dir);
        if (h == null) {
            return;
        }
        List<String> handedDown = words(readOr(dir.getParent().resolve("cgroup.subtree_control")));
        for (Map.Entry<String, String> f : h.files().entrySet()) {
            if (!h.v2() || isCore(f.getKey()) || handedDown.contains(controllerOf(f.getKey()))) {
                Files.writeString(dir.resolve(f.getKey()), f.getValue());
            }
        }
        if (h.v2()) {
            Files.writeString(dir.resolve("cgroup.controllers"), String.join(" ", handedDown));
        }
    }

    @Override
    public synchronized void rmdir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return; // as CgroupFs.KERNEL: gone already
        }
        if (!subdirectories(dir).isEmpty()) {
            throw new DirectoryNotEmptyException(dir.toString());
        }
        if (!readOr(dir.resolve("cgroup.procs")).isEmpty()) {
            throw new FileSystemException(dir.toString(), null, "Device or resource busy");
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Override
    public List<Path> subdirectories(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    @Override
    public List<Path> files(Path dir, String nameRegex) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().matches(nameRegex)).sorted().toList();
        }
    }

    // ---- the kernel's side ----

    /**
     * "+cpu -io": a controller must be offered to this cgroup (else ENOENT), and a non-root cgroup
     * with processes cannot hand any down (EBUSY). The children get or lose the controller's files.
     */
    private void subtreeControl(Path dir, String value) throws IOException {
        List<String> offered = words(readOr(dir.resolve("cgroup.controllers")));
        List<String> enabled = new ArrayList<>(words(readOr(dir.resolve("cgroup.subtree_control"))));
        for (String change : words(value)) {
            String c = change.substring(1);
            if ((!change.startsWith("+") && !change.startsWith("-")) || c.isEmpty()) {
                throw new FileSystemException(dir.resolve("cgroup.subtree_control").toString(), null, "Invalid argument");
            }
            if (!offered.contains(c)) {
                throw new NoSuchFileException(dir.resolve("cgroup.subtree_control").toString());
            }
            if (change.startsWith("+") && !enabled.contains(c)) {
                Hierarchy h = hierarchyOf(dir);
                if (h != null && !dir.equals(h.root()) && !readOr(dir.resolve("cgroup.procs")).isEmpty()) {
                    throw new FileSystemException(dir.resolve("cgroup.subtree_control").toString(), null,
                            "Device or resource busy");
                }
                enabled.add(c);
            } else if (change.startsWith("-")) {
                enabled.remove(c);
            }
        }
        enabled.sort((a, b) -> offered.indexOf(a) - offered.indexOf(b));
        Files.writeString(dir.resolve("cgroup.subtree_control"), String.join(" ", enabled));
        Hierarchy h = hierarchyOf(dir);
        for (Path child : subdirectories(dir)) {
            Files.writeString(child.resolve("cgroup.controllers"), String.join(" ", enabled));
            for (Map.Entry<String, String> f : h.files().entrySet()) {
                Path file = child.resolve(f.getKey());
                if (!isCore(f.getKey()) && enabled.contains(controllerOf(f.getKey())) && !Files.exists(file)) {
                    Files.writeString(file, f.getValue());
                } else if (!isCore(f.getKey()) && !enabled.contains(controllerOf(f.getKey()))) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static void setFrozen(Path dir, String frozen) throws IOException {
        Path events = dir.resolve("cgroup.events");
        if (Files.exists(events)) {
            Files.writeString(events, readOr(events).replaceAll("frozen \\d", "frozen " + frozen.strip()));
        }
    }

    /** The innermost mounted hierarchy dir is in (its root included). */
    private Hierarchy hierarchyOf(Path dir) {
        Hierarchy found = null;
        for (Hierarchy h : hierarchies) {
            if (dir.startsWith(h.root()) && (found == null || h.root().startsWith(found.root()))) {
                found = h;
            }
        }
        return found;
    }

    private static Map<String, String> only(Map<String, String> files, List<String> controllers) {
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach((name, value) -> {
            if (isCore(name) || controllers.contains(controllerOf(name))) {
                out.put(name, value);
            }
        });
        return out;
    }

    private static boolean isCore(String file) {
        return controllerOf(file).equals("cgroup");
    }

    private static String controllerOf(String file) {
        int dot = file.indexOf('.');
        return dot < 0 ? "cgroup" : file.substring(0, dot);
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
    }

    private static String readOr(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
