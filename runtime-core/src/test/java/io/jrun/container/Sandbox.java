package io.jrun.container;

import io.jrun.cgroup.CgroupLayout;
import io.jrun.cgroup.CgroupManagers;
import io.jrun.cgroup.CgroupMode;
import io.jrun.front.SpawnResult;
import io.jrun.plan.Plan;
import io.jrun.plan.Step;
import io.jrun.spec.DefaultSpec;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecParser;
import io.jrun.state.ContainerState;
import io.jrun.state.StateStore;
import io.jrun.testing.FakeFront;
import io.jrun.testing.FakePosix;
import io.jrun.testing.KernelCgroupFs;
import io.jrun.testing.ProcTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything a lifecycle operation touches, in a temp dir: a fake /proc (mountinfo with a cgroup
 * mount on a directory standing in for /sys/fs/cgroup, served by {@link KernelCgroupFs}), a bundle,
 * a state root, a fake front and a fake Posix.
 *
 * <p>The default host is cgroup v1 with every controller in one hierarchy (as "mount -t cgroup -o
 * cpu,cpuacct,memory,devices,freezer,pids"), the caller in /test.slice: create writes the device
 * rules to devices.allow/deny. On a cgroup v2 host create attaches a BPF device filter, which needs
 * a real cgroup2 directory: a v2 sandbox ({@link #Sandbox(Path, CgroupMode)}) serves the operations
 * on containers made by {@link #existing}.
 */
final class Sandbox {
    static final int CALLER = 1000;
    static final int INIT = 4242;
    static final long START = 777;

    /** The one v1 hierarchy's key in a container's cgroupPaths: its controllers. */
    static final String V1_HIERARCHY = "cpu,cpuacct,memory,devices,freezer,pids";
    /** The controllers the v2 root offers. */
    static final String[] V2_CONTROLLERS = {"cpuset", "cpu", "io", "memory", "pids"};

    final Path tmp;
    final CgroupMode mode;
    final ProcTree proc;
    final Path cgroupfs;
    final KernelCgroupFs cgroups = new KernelCgroupFs();
    final Path bundle;
    final FakePosix posix;
    final FakeFront front;
    final StateStore store;
    final List<String> warnings = new ArrayList<>();
    final RuntimeContext ctx;

    Sandbox(Path tmp) {
        this(tmp, CgroupMode.LEGACY);
    }

    /** mode: LEGACY (one v1 hierarchy with every controller) or UNIFIED (cgroup2). */
    Sandbox(Path tmp, CgroupMode mode) {
        this.tmp = tmp;
        this.mode = mode;
        try {
            proc = new ProcTree(tmp.resolve("proc"));
            cgroupfs = tmp.resolve("cgroupfs");
            if (mode == CgroupMode.UNIFIED) {
                cgroups.v2(cgroupfs, V2_CONTROLLERS);
                proc.mountinfo("24 1 253:0 / / rw,relatime shared:1 - ext4 /dev/root rw\n"
                        + "26 24 0:23 / " + ProcTree.escape(cgroupfs)
                        + " rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n");
                proc.cgroup(CALLER, "0::/test.slice\n");
            } else if (mode == CgroupMode.LEGACY) {
                cgroups.v1(cgroupfs, V1_HIERARCHY.split(","));
                proc.mountinfo("24 1 253:0 / / rw,relatime shared:1 - ext4 /dev/root rw\n"
                        + "26 24 0:23 / " + ProcTree.escape(cgroupfs)
                        + " rw,nosuid,nodev,noexec,relatime shared:4 - cgroup cgroup rw," + V1_HIERARCHY + "\n");
                proc.cgroup(CALLER, "1:" + V1_HIERARCHY + ":/test.slice\n");
            } else {
                throw new IllegalArgumentException("no hybrid sandbox");
            }
            cgroups.mkdir(cgroupfs.resolve("test.slice"));
            bundle = Files.createDirectories(tmp.resolve("bundle"));
            Files.createDirectories(bundle.resolve("rootfs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeConfig(spec());
        posix = new FakePosix(proc.root());
        front = new FakeFront(FakeFront.client(CALLER, tmp, "create", "c1"));
        store = new StateStore(tmp.resolve("state"), posix);
        ctx = new RuntimeContext(store, posix, front, proc.root(), new Log() {
            @Override
            public void debug(String message) {}

            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        }, cgroups);
    }

    /** runc spec's config, without a terminal and running "foo". */
    static Spec spec() {
        Spec s = DefaultSpec.create();
        return s.withProcess(s.process().withTerminal(false).withArgs(List.of("foo", "arg")));
    }

    void writeConfig(Spec spec) {
        writeConfig(SpecParser.toJson(spec));
    }

    void writeConfig(String json) {
        try {
            Files.writeString(bundle.resolve("config.json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CreateContainer.Request request(String id) {
        return new CreateContainer.Request(id, bundle, null, false, 0);
    }

    /** The front answers SPAWN as a working shim: init exists and waits for start. */
    void spawnSucceeds() {
        front.onSpawn = plan -> {
            proc.process(INIT, 'S', START);
            return new SpawnResult.Spawned(INIT);
        };
    }

    /** The front reports that the first step with this description failed with errno. */
    void spawnFailsAt(String description, int errno, int initPid) {
        front.onSpawn = plan -> new SpawnResult.Failed(shimIndexOf(plan, description), errno, "", initPid);
    }

    static int shimIndexOf(Plan plan, String description) {
        List<Step> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).description().equals(description)) {
                return i + 1;
            }
        }
        throw new AssertionError("no step \"" + description + "\"");
    }

    /**
     * Where create puts a container without linux.cgroupsPath: "jrun/&lt;id&gt;" under the caller's
     * cgroup on v1, "/jrun/&lt;id&gt;" from the root on v2.
     */
    Path cgroupDir(String id) {
        return mode == CgroupMode.UNIFIED ? cgroupfs.resolve("jrun/" + id) : cgroupfs.resolve("test.slice/jrun/" + id);
    }

    /** The key of the container's one directory in its state's cgroupPaths. */
    String cgroupKey() {
        return mode == CgroupMode.UNIFIED ? "unified" : V1_HIERARCHY;
    }

    /**
     * A container as create leaves it, without going through create: its cgroup is made as create
     * makes it (on v2 with every controller handed down), no limit is written, the write log is empty.
     */
    ContainerState existing(String id, boolean created, boolean alive, boolean ownPidNamespace) {
        return existing(id, INIT, created, alive, ownPidNamespace);
    }

    ContainerState existing(String id, int pid, boolean created, boolean alive, boolean ownPidNamespace) {
        try {
            store.createLocked(id).close();
            CgroupManagers.forContainer(CgroupLayout.of(proc.root(), CALLER), null, id, cgroups).create();
            cgroups.writes.clear();
            ContainerState s = new ContainerState("1.3.0", id, pid, START, bundle.toString(),
                    bundle.resolve("rootfs").toString(), "2025-01-02T03:04:05Z", 0, Map.of(),
                    mode, Map.of(cgroupKey(), cgroupDir(id).toString()),
                    List.of(cgroupDir(id).getParent().toString(), cgroupDir(id).toString()), ownPidNamespace);
            store.write(s);
            if (created) {
                Files.createFile(store.startFifo(id));
            }
            if (alive) {
                proc.process(pid, 'S', START);
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cgroups below dir (their files left out). */
    List<Path> cgroupsUnder(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir) && Files.isDirectory(p)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
