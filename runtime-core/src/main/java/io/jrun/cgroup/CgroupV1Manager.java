package io.jrun.cgroup;

import io.jrun.error.CgroupException;
import io.jrun.spec.LinuxDeviceCgroup;
import io.jrun.spec.LinuxResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * cgroup v1, and hybrid hosts: one directory per mounted hierarchy (keyed by its controllers,
 * "cpu", "cpu,cpuacct", "name=systemd"), plus the cgroup2 one ("unified") on a hybrid host, which
 * carries what has no v1 hierarchy there (hugetlb on this kind of host).
 */
public final class CgroupV1Manager extends FsCgroupManager {
    private final Path unifiedMount;

    /** unifiedMount: the cgroup2 mount point on a hybrid host (for enabling hugetlb), or null. */
    public CgroupV1Manager(Map<String, Path> paths, Path unifiedMount) {
        this(paths, unifiedMount, CgroupFs.KERNEL);
    }

    public CgroupV1Manager(Map<String, Path> paths, Path unifiedMount, CgroupFs fs) {
        super(paths, fs);
        this.unifiedMount = unifiedMount;
    }

    @Override
    public CgroupMode mode() {
        return paths().containsKey(CgroupManagers.UNIFIED) ? CgroupMode.HYBRID : CgroupMode.LEGACY;
    }

    /** The directory of a v1 controller, or null if no hierarchy carries it. */
    Path dir(String controller) {
        for (Map.Entry<String, Path> e : paths().entrySet()) {
            if (!e.getKey().equals(CgroupManagers.UNIFIED) && List.of(e.getKey().split(",")).contains(controller)) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    protected Path procsDir() {
        Path pids = dir("pids");
        return pids != null ? pids : super.procsDir();
    }

    /**
     * A parent made a moment ago by another create may not have its cpuset filled in yet, and a
     * child of an empty cpuset cannot be given cpus: fill in the ancestors first.
     */
    @Override
    protected void beforeCreate(Path toCreate) {
        List<Path> blank = new java.util.ArrayList<>();
        for (Path p = toCreate.getParent(); p != null && fs.exists(p.resolve("cpuset.cpus"))
                && fs.read(p.resolve("cpuset.cpus")).orElse("x").isBlank(); p = p.getParent()) {
            blank.addFirst(p);
        }
        blank.forEach(this::initialize);
    }

    /** A new v1 cpuset starts with no cpus and no mems, and nothing can join it: inherit the parent's. */
    @Override
    protected void initialize(Path created) {
        for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
            Path own = created.resolve(file);
            if (!fs.exists(own)) {
                return;
            }
            try {
                if (fs.read(own).orElse("").isBlank()) {
                    fs.write(own, fs.read(created.getParent().resolve(file)).orElse(""));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("initialize " + own, e);
            }
        }
    }

    @Override
    public void apply(LinuxResources r, Consumer<String> ignored) {
        if (r == null) {
            return;
        }
        Path memory = dir("memory");
        if (r.memory() != null && r.memory().kernel() != null && r.memory().kernel() != 0) {
            ignored.accept("linux.resources.memory.kernel");
        }
        List<CgroupWrite> writes = new ArrayList<>();
        if (r.memory() != null && memory == null && !V1Settings.memoryLimits(r.memory(), 0, false).isEmpty()) {
            throw new CgroupException("linux.resources.memory.limit: the memory controller is not available on this host");
        }
        if (r.memory() != null && memory != null) {
            boolean memsw = fs.exists(memory.resolve("memory.memsw.limit_in_bytes"));
            if (r.memory().swap() != null && r.memory().swap() != 0 && !memsw) {
                ignored.accept("linux.resources.memory.swap (no swap accounting on this host)");
            }
            writes.addAll(V1Settings.memoryLimits(r.memory(), files.number(memory.resolve("memory.limit_in_bytes")), memsw));
        }
        Path blkio = dir("blkio");
        boolean bfq = blkio != null && !fs.exists(blkio.resolve("blkio.weight")) && fs.exists(blkio.resolve("blkio.bfq.weight"));
        writes.addAll(V1Settings.of(r, bfq));
        for (CgroupWrite w : writes) {
            write(w);
        }
        if (!r.devices().isEmpty()) {
            applyDevices(r.devices());
        }
    }

    /** Writes into the controller's hierarchy; hugetlb falls back to the unified one of a hybrid host. */
    private void write(CgroupWrite w) {
        Path dir = dir(w.controller());
        if (dir != null) {
            files.write(dir, w);
            return;
        }
        if (w.controller().equals("hugetlb") && paths().containsKey(CgroupManagers.UNIFIED)) {
            Path unified = paths().get(CgroupManagers.UNIFIED);
            CgroupV2Manager.enableControllers(fs, unifiedMount, unified, List.of("hugetlb"));
            files.write(unified, CgroupWrite.v2(w.file().replace(".limit_in_bytes", ".max"), w.value(), w.field()));
            return;
        }
        throw new CgroupException(w.field() + ": the " + w.controller() + " controller is not available on this host");
    }

    /**
     * v1 device rules are an allow list written line by line: start from "deny all", then each
     * rule in order (a later deny removes access an earlier allow gave).
     */
    private void applyDevices(List<LinuxDeviceCgroup> rules) {
        Path devices = dir("devices");
        if (devices == null) {
            throw new CgroupException("linux.resources.devices: the devices controller is not available on this host");
        }
        files.write(devices, CgroupWrite.v1("devices", "devices.deny", "a", "linux.resources.devices"));
        for (LinuxDeviceCgroup rule : rules) {
            files.write(devices, CgroupWrite.v1("devices", rule.allow() ? "devices.allow" : "devices.deny",
                    DeviceRules.v1Line(rule), "linux.resources.devices"));
        }
    }

    @Override
    public void freeze() {
        Path freezer = freezerDir();
        files.write(freezer, CgroupWrite.v1("freezer", "freezer.state", "FROZEN", "pause"));
        awaitState(freezer.resolve("freezer.state"), "FROZEN", "pause");
    }

    @Override
    public void thaw() {
        Path freezer = freezerDir();
        files.write(freezer, CgroupWrite.v1("freezer", "freezer.state", "THAWED", "resume"));
        awaitState(freezer.resolve("freezer.state"), "THAWED", "resume");
    }

    @Override
    public boolean isFrozen() {
        Path freezer = dir("freezer");
        return freezer != null && files.read(freezer.resolve("freezer.state")).map(s -> !s.equals("THAWED")).orElse(false);
    }

    private Path freezerDir() {
        Path freezer = dir("freezer");
        if (freezer == null) {
            throw new CgroupException("the freezer controller is not available on this host");
        }
        return freezer;
    }

    @Override
    public CgroupStats stats() {
        Path cpuacct = dir("cpuacct");
        Path cpu = dir("cpu");
        Path memory = dir("memory");
        Path pids = dir("pids");
        Path blkio = dir("blkio");

        CgroupStats.Cpu cpuStats = null;
        if (cpuacct != null || cpu != null) {
            List<Long> percpu = new ArrayList<>();
            if (cpuacct != null) {
                files.read(cpuacct.resolve("cpuacct.usage_percpu")).ifPresent(s -> {
                    for (String v : s.split("\\s+")) {
                        if (!v.isEmpty()) {
                            percpu.add(Long.parseUnsignedLong(v));
                        }
                    }
                });
            }
            Map<String, Long> ticks = cpuacct == null ? Map.of() : files.keyed(cpuacct.resolve("cpuacct.stat"));
            long nsPerTick = 10_000_000L; // USER_HZ is 100
            Map<String, Long> throttle = cpu == null ? Map.of() : files.keyed(cpu.resolve("cpu.stat"));
            cpuStats = new CgroupStats.Cpu(
                    new CgroupStats.CpuUsage(cpuacct == null ? 0 : files.number(cpuacct.resolve("cpuacct.usage")), percpu,
                            ticks.getOrDefault("system", 0L) * nsPerTick, ticks.getOrDefault("user", 0L) * nsPerTick),
                    new CgroupStats.Throttling(throttle.getOrDefault("nr_periods", 0L),
                            throttle.getOrDefault("nr_throttled", 0L), throttle.getOrDefault("throttled_time", 0L)));
        }
        CgroupStats.Memory memStats = null;
        if (memory != null) {
            Map<String, Long> raw = files.keyed(memory.resolve("memory.stat"));
            memStats = new CgroupStats.Memory(raw.getOrDefault("total_cache", raw.getOrDefault("cache", 0L)),
                    entry(memory, "memory."), entry(memory, "memory.memsw."), entry(memory, "memory.kmem."), raw,
                    Map.of("oom_kill", oomKills()));
        }
        CgroupStats.Pids pidStats = pids == null ? null
                : new CgroupStats.Pids(files.number(pids.resolve("pids.current")), files.number(pids.resolve("pids.max")));
        CgroupStats.Blkio blkioStats = blkio == null ? null : new CgroupStats.Blkio(
                blkioEntries(blkio.resolve("blkio.throttle.io_service_bytes_recursive")),
                blkioEntries(blkio.resolve("blkio.throttle.io_serviced_recursive")));
        return new CgroupStats(cpuStats, memStats, pidStats, blkioStats, hugetlb());
    }

    private Map<String, CgroupStats.Hugetlb> hugetlb() {
        Path dir = dir("hugetlb");
        Map<String, CgroupStats.Hugetlb> out = new LinkedHashMap<>();
        if (dir == null) {
            return out;
        }
        try {
            for (Path f : fs.files(dir, "hugetlb\\.[0-9]+[KMG]B\\.usage_in_bytes")) {
                String size = f.getFileName().toString().split("\\.")[1];
                out.put(size, new CgroupStats.Hugetlb(files.number(f),
                        files.number(dir.resolve("hugetlb." + size + ".max_usage_in_bytes")),
                        files.number(dir.resolve("hugetlb." + size + ".failcnt"))));
            }
        } catch (IOException e) {
            // no hugetlb figures
        }
        return out;
    }

    private CgroupStats.MemoryEntry entry(Path dir, String prefix) {
        return new CgroupStats.MemoryEntry(files.number(dir.resolve(prefix + "limit_in_bytes")),
                files.number(dir.resolve(prefix + "usage_in_bytes")),
                files.number(dir.resolve(prefix + "max_usage_in_bytes")),
                files.number(dir.resolve(prefix + "failcnt")));
    }

    /** "8:0 Read 4096" lines. */
    private List<CgroupStats.BlkioEntry> blkioEntries(Path file) {
        List<CgroupStats.BlkioEntry> out = new ArrayList<>();
        files.read(file).ifPresent(text -> text.lines().forEach(line -> {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].contains(":")) {
                String[] mm = f[0].split(":");
                out.add(new CgroupStats.BlkioEntry(Long.parseLong(mm[0]), Long.parseLong(mm[1]), f[1], Long.parseUnsignedLong(f[2])));
            }
        }));
        return out;
    }

    @Override
    public long oomKills() {
        Path memory = dir("memory");
        return memory == null ? 0 : files.keyed(memory.resolve("memory.oom_control")).getOrDefault("oom_kill", 0L);
    }
}
