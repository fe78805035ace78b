package io.jrun.cli;

import io.jrun.cgroup.CgroupLayout;
import io.jrun.cgroup.CgroupManagers;
import io.jrun.container.ContainerPlanner;
import io.jrun.front.Client;
import io.jrun.front.ExitStatus;
import io.jrun.front.Front;
import io.jrun.front.SpawnResult;
import io.jrun.front.Wire;
import io.jrun.mount.HostMounts;
import io.jrun.os.HostPosix;
import io.jrun.os.Posix;
import io.jrun.plan.Plan;
import io.jrun.plan.PlanEncoder;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The training run behind dist/jrun/lib/jrun.aot (JDK 25's AOT cache): it drives the code a real
 * command runs — the CLI with its error paths, spec parsing, planning, the wire format, the JVM's own
 * syscalls — once, in one JVM, without root and without touching the host beyond a temp dir.
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        exercise(1, Files.createTempDirectory("jrun-aot-training"));
    }

    /**
     * The same work, rounds times: the warm brain runs it once it serves, so that its first real
     * commands find the code compiled rather than interpreted (~0.5 ms instead of ~2 ms each).
     */
    public static void exercise(int rounds, Path tmp) throws IOException {
        Files.createDirectories(tmp);
        try {
            for (int i = 0; i < rounds; i++) {
                train(tmp);
            }
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void train(Path tmp) throws IOException {
        String root = tmp.resolve("state").toString();
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        Files.write(bundle.resolve("config.json"), config());
        String[][] commands = {
            {"--version"}, {"--help"},
            {"--root", root, "state", "c1"}, {"--root", root, "list"}, {"--root", root, "list", "--format", "json"},
            {"--root", root, "kill", "c1", "KILL"}, {"--root", root, "kill", "c1", "NOPE"}, {"--root", root, "start", "c1"},
            {"--root", root, "delete", "--force", "c1"}, {"--root", root, "delete", "c1"},
            {"--root", root, "--log", tmp.resolve("log.json").toString(), "--log-format", "json", "pause", "c1"},
            {"--root", root, "ps", "--format", "json", "c1"},
            // create stops at the missing rootfs, after parsing and validating the config
            {"--root", root, "create", "--bundle", bundle.toString(), "--pid-file", tmp.resolve("pid").toString(), "c1"},
            {"--root", root, "run", "--bundle", bundle.toString(), "c1"},
        };
        for (String[] argv : commands) {
            Cli.execute(new TrainingFront(List.of(argv), tmp));
        }
        trainOnALiveContainer(tmp, root);
        trainACreate(tmp);

        // What create does past validation, with this host's layout: the plan and its encoding.
        Spec spec = SpecParser.parse(config());
        CgroupLayout layout = CgroupLayout.of(Path.of("/proc"), (int) ProcessHandle.current().pid());
        Plan plan = ContainerPlanner.plan(new ContainerPlanner.Request(spec, bundle, bundle, tmp.resolve("fifo"),
                CgroupManagers.forContainer(layout, null, "training"), layout, HostMounts.read(Path.of("/proc")), false, 0,
                spec.process().env(), Files::isDirectory, new io.jrun.process.ProcessPlanner.Context(40, w -> { })));
        Wire.encode(PlanEncoder.encode(plan));

        // The JVM's own syscalls through FFM.
        Posix posix = HostPosix.get();
        try (var lock = posix.lockDirectory(tmp)) {
            posix.mkfifo(tmp.resolve("fifo"), 0600);
            posix.writeFifo(tmp.resolve("fifo"), (byte) 0);
            posix.close(posix.pidfdOpen((int) ProcessHandle.current().pid()));
        }
        Files.delete(tmp.resolve("fifo"));
    }

    /**
     * A create past its checks, as far as a created container: against a cgroupfs that holds
     * nothing and a front whose spawn "makes" a sleeping child of ours (which a failing create may
     * kill: never this JVM). The cgroup, state and planning code of a real create then come from the
     * AOT cache too. Its state directory is removed, not deleted through `delete`.
     */
    private static void trainACreate(Path tmp) throws IOException {
        Path bundle = Files.createDirectories(tmp.resolve("created-bundle"));
        Files.createDirectories(bundle.resolve("rootfs"));
        Files.write(bundle.resolve("config.json"), config());
        Process standIn;
        try {
            standIn = new ProcessBuilder("/bin/sh", "-c", "exec sleep 60").start();
        } catch (IOException e) {
            return; // no shell here: create is trained as far as its checks only
        }
        Posix posix = HostPosix.get();
        io.jrun.state.StateStore store = new io.jrun.state.StateStore(tmp.resolve("created-state"), posix);
        io.jrun.container.RuntimeContext ctx = new io.jrun.container.RuntimeContext(store, posix,
                new TrainingFront(List.of(), tmp, (int) standIn.pid()), Path.of("/proc"), io.jrun.container.Log.NONE,
                NO_CGROUPS);
        try {
            new io.jrun.container.CreateContainer(ctx).create(
                    new io.jrun.container.CreateContainer.Request("trained", bundle, tmp.resolve("trained.pid"), false, 0));
        } catch (RuntimeException e) {
            // as far as it went
        } finally {
            store.remove("trained");
            standIn.destroyForcibly();
            try {
                standIn.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Every directory there, every file absent, every write taken: nothing reaches the host. */
    private static final io.jrun.cgroup.CgroupFs NO_CGROUPS = new io.jrun.cgroup.CgroupFs() {
        @Override
        public boolean exists(Path path) {
            return false;
        }

        @Override
        public boolean isDirectory(Path path) {
            return true;
        }

        @Override
        public java.util.Optional<String> read(Path file) {
            return java.util.Optional.empty();
        }

        @Override
        public void write(Path file, String value) {}

        @Override
        public void mkdir(Path dir) {}

        @Override
        public void rmdir(Path dir) {}

        @Override
        public List<Path> subdirectories(Path dir) {
            return List.of();
        }

        @Override
        public List<Path> files(Path dir, String nameRegex) {
            return List.of();
        }
    };

    /**
     * `jrun spec`'s config with terminal off, as a file: written with databind, it would put
     * databind's ~500 classes in the AOT cache, which every cold command then loads at start (~10
     * ms); nothing the training runs needs them any more (spec, update and events, which do, are
     * not trained). AotTrainingTest keeps it equal to DefaultSpec.
     */
    static byte[] config() throws IOException {
        try (var in = AotTraining.class.getResourceAsStream("training-config.json")) {
            if (in == null) {
                throw new IOException("training-config.json is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    /**
     * The read side of a container that exists: a state directory whose "init" is this JVM (no
     * cgroup, nothing that could be paused, killed or removed), so that state, list and kill with
     * signal 0 go through state.json, the status checks and the pidfd calls they make for real.
     */
    private static void trainOnALiveContainer(Path tmp, String root) throws IOException {
        Posix posix = HostPosix.get();
        io.jrun.state.StateStore store = new io.jrun.state.StateStore(Path.of(root), posix);
        int self = (int) ProcessHandle.current().pid();
        long started = io.jrun.os.ProcStat.read(Path.of("/proc"), self).orElseThrow().startTime();
        if (store.read("live").isEmpty()) {
            try (var lock = store.createLocked("live")) {
                store.write(new io.jrun.state.ContainerState("1.3.0", "live", self, started, tmp.toString(),
                        tmp.resolve("rootfs").toString(), "2026-01-01T00:00:00Z", 0, Map.of("a", "b"), null, null, null, true));
            }
        }
        // exec plans against it, and stops at the spawn this front refuses
        store.writeConfig("live", config());
        Path process = tmp.resolve("process.json");
        Files.writeString(process, "{\"args\": [\"/bin/true\"], \"cwd\": \"/\", \"env\": [\"PATH=/bin\"]}");
        String[][] commands = {
            {"--root", root, "state", "live"}, {"--root", root, "list"}, {"--root", root, "list", "--format", "json"},
            {"--root", root, "kill", "live", "0"}, {"--root", root, "delete", "live"}, {"--root", root, "start", "live"},
            {"--root", root, "exec", "live", "/bin/true"},
            {"--root", root, "exec", "--detach", "--process", process.toString(), "live"},
        };
        for (String[] argv : commands) {
            Cli.execute(new TrainingFront(List.of(argv), tmp));
        }
    }

    /**
     * A front in memory: output is dropped, nothing is ever spawned; with a stand-in init (a pid
     * above 0), a spawn "makes" that process, so that create goes on past it.
     */
    private record TrainingFront(List<String> args, Path cwd, int standIn) implements Front {
        TrainingFront(List<String> args, Path cwd) {
            this(args, cwd, 0);
        }

        @Override
        public Client client() {
            return new Client(args, Map.of("PATH", "/usr/bin:/bin"), cwd, 0, 0, (int) ProcessHandle.current().pid());
        }

        @Override
        public void write(int fd, byte[] data) {}

        @Override
        public byte[] readStdin() {
            return "{}".getBytes();
        }

        @Override
        public SpawnResult spawn(Plan plan, boolean holdSignals) {
            return standIn > 0 ? new SpawnResult.Spawned(standIn) : new SpawnResult.Failed(-1, 1, "training", 0);
        }

        @Override
        public SpawnResult resume(byte[] data) {
            return new SpawnResult.Failed(-1, 1, "training", 0);
        }

        @Override
        public SpawnResult abort() {
            return new SpawnResult.Failed(-1, 1, "training", 0);
        }

        @Override
        public io.jrun.front.HookResult runHook(String path, List<String> argv, List<String> env, byte[] state, int timeout) {
            return new io.jrun.front.HookResult(true, 0, "");
        }

        @Override
        public void sendSeccompListener(String path, byte[] state) {}

        @Override
        public ExitStatus waitFor(int pid) {
            return new ExitStatus(false, 0);
        }

        @Override
        public void exit(int code) {}
    }

}
