package io.jrun.cgroup;

import io.jrun.cgroup.devices.DeviceFilter;
import io.jrun.cgroup.devices.DeviceFilterLoader;
import io.jrun.error.CgroupException;
import io.jrun.spec.LinuxResources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** cgroup v2: one directory in the unified hierarchy; devices through an eBPF program. */
public final class CgroupV2Manager extends FsCgroupManager {
    private final Path mountPoint;

    /** mountPoint: where cgroup2 is mounted (for enabling controllers in the parents), or null. */
    public CgroupV2Manager(Path dir, Path mountPoint) {
        this(dir, mountPoint, CgroupFs.KERNEL);
    }

    public CgroupV2Manager(Path dir, Path mountPoint, CgroupFs fs) {
        super(Map.of(CgroupManagers.UNIFIED, dir), fs);
        this.mountPoint = mountPoint;
    }

    Path dir() {
        return paths().get(CgroupManagers.UNIFIED);
    }

    @Override
    public CgroupMode mode() {
        return CgroupMode.UNIFIED;
    }

    /** Each new directory's parent hands down every controller it has, as runc does. */
    @Override
    protected void beforeCreate(Path toCreate) {
        if (mountPoint != null && toCreate.getParent() != null && toCreate.getParent().startsWith(mountPoint)) {
            enableControllers(fs, mountPoint, toCreate, null);
        }
    }

    /**
     * Enables controllers (all available when only is null) in the cgroup.subtree_control of every
     * ancestor of dir below the mount point, so that dir gets their files.
     */
    static void enableControllers(CgroupFs fs, Path mountPoint, Path dir, List<String> only) {
        if (mountPoint == null) {
            return;
        }
        List<Path> ancestors = new ArrayList<>();
        for (Path p = dir.getParent(); p != null && p.startsWith(mountPoint); p = p.getParent()) {
            ancestors.addFirst(p);
        }
        for (Path p : ancestors) {
            List<String> available = fs.read(p.resolve("cgroup.controllers"))
                    .map(s -> List.of(s.split("\\s+"))).orElse(List.of());
            List<String> enabled = fs.read(p.resolve("cgroup.subtree_control"))
                    .map(s -> List.of(s.split("\\s+"))).orElse(List.of());
            StringBuilder add = new StringBuilder();
            for (String c : available) {
                if (!c.isEmpty() && !enabled.contains(c) && (only == null || only.contains(c))) {
                    add.append(add.isEmpty() ? "" : " ").append('+').append(c);
                }
            }
            if (add.isEmpty()) {
                continue;
            }
            try {
                fs.write(p.resolve("cgroup.subtree_control"), add.toString());
            } catch (IOException e) {
                String why = CgroupFiles.reason(e);
                throw new CgroupException("enable controllers " + add + " in " + p + ": " + why
                        + (why.contains("busy") ? " (a cgroup v2 cgroup with processes cannot hand controllers down;"
                                + " set linux.cgroupsPath outside it)" : ""));
            }
        }
    }

    @Override
    public void apply(LinuxResources r, Consumer<String> ignored) {
        if (r == null) {
            return;
        }
        boolean bfq = fs.exists(dir().resolve("io.bfq.weight")) && !fs.exists(dir().resolve("io.weight"));
        for (CgroupWrite w : V2Settings.of(r, bfq, ignored)) {
            files.write(dir(), w);
        }
        if (!r.devices().isEmpty()) {
            DeviceFilterLoader.attach(dir(), DeviceFilter.compile(r.devices()));
        }
    }

    @Override
    public void freeze() {
        files.write(dir(), CgroupWrite.v2("cgroup.freeze", "1", "pause"));
        awaitState(dir().resolve("cgroup.events"), "frozen 1", "pause");
    }

    @Override
    public void thaw() {
        files.write(dir(), CgroupWrite.v2("cgroup.freeze", "0", "resume"));
        awaitState(dir().resolve("cgroup.events"), "frozen 0", "resume");
    }

    @Override
    public boolean isFrozen() {
        return files.keyed(dir().resolve("cgroup.events")).getOrDefault("frozen", 0L) == 1;
    }

    @Override
    public CgroupStats stats() {
        Path d = dir();
        Map<String, Long> cpu = files.keyed(d.resolve("cpu.stat"));
        CgroupStats.Cpu cpuStats = new CgroupStats.Cpu(
                new CgroupStats.CpuUsage(cpu.getOrDefault("usage_usec", 0L) * 1000, List.of(),
                        cpu.getOrDefault("system_usec", 0L) * 1000, cpu.getOrDefault("user_usec", 0L) * 1000),
                new CgroupStats.Throttling(cpu.getOrDefault("nr_periods", 0L), cpu.getOrDefault("nr_throttled", 0L),
                        cpu.getOrDefault("throttled_usec", 0L) * 1000));
        Map<String, Long> raw = files.keyed(d.resolve("memory.stat"));
        Map<String, Long> events = files.keyed(d.resolve("memory.events"));
        CgroupStats.Memory memStats = new CgroupStats.Memory(raw.getOrDefault("file", 0L),
                new CgroupStats.MemoryEntry(files.number(d.resolve("memory.max")), files.number(d.resolve("memory.current")),
                        files.number(d.resolve("memory.peak")), events.getOrDefault("max", 0L)),
                new CgroupStats.MemoryEntry(files.number(d.resolve("memory.swap.max")),
                        files.number(d.resolve("memory.swap.current")), 0, 0),
                new CgroupStats.MemoryEntry(0, raw.getOrDefault("kernel", 0L), 0, 0), raw, events);
        CgroupStats.Pids pids = new CgroupStats.Pids(files.number(d.resolve("pids.current")),
                files.number(d.resolve("pids.max")));
        return new CgroupStats(cpuStats, memStats, pids, ioStats(d), hugetlb(d));
    }

    /** io.stat: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 ..." as runc's Read/Write entries. */
    private CgroupStats.Blkio ioStats(Path d) {
        List<CgroupStats.BlkioEntry> bytes = new ArrayList<>();
        List<CgroupStats.BlkioEntry> ios = new ArrayList<>();
        files.read(d.resolve("io.stat")).ifPresent(text -> text.lines().forEach(line -> {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || !f[0].contains(":")) {
                return;
            }
            String[] mm = f[0].split(":");
            long major = Long.parseLong(mm[0]);
            long minor = Long.parseLong(mm[1]);
            for (int i = 1; i < f.length; i++) {
                String[] kv = f[i].split("=");
                if (kv.length != 2) {
                    continue;
                }
                long v = CgroupFiles.parseNumber(kv[1]);
                switch (kv[0]) {
                    case "rbytes" -> bytes.add(new CgroupStats.BlkioEntry(major, minor, "Read", v));
                    case "wbytes" -> bytes.add(new CgroupStats.BlkioEntry(major, minor, "Write", v));
                    case "rios" -> ios.add(new CgroupStats.BlkioEntry(major, minor, "Read", v));
                    case "wios" -> ios.add(new CgroupStats.BlkioEntry(major, minor, "Write", v));
                    default -> { }
                }
            }
        }));
        return new CgroupStats.Blkio(bytes, ios);
    }

    private Map<String, CgroupStats.Hugetlb> hugetlb(Path d) {
        Map<String, CgroupStats.Hugetlb> out = new LinkedHashMap<>();
        try {
            for (Path f : fs.files(d, "hugetlb\\.[0-9]+[KMG]B\\.current")) {
                String size = f.getFileName().toString().split("\\.")[1];
                out.put(size, new CgroupStats.Hugetlb(files.number(f), files.number(d.resolve("hugetlb." + size + ".max")),
                        files.keyed(d.resolve("hugetlb." + size + ".events")).getOrDefault("max", 0L)));
            }
        } catch (IOException e) {
            // no hugetlb figures
        }
        return out;
    }

    @Override
    public long oomKills() {
        return files.keyed(dir().resolve("memory.events")).getOrDefault("oom_kill", 0L);
    }
}
