package io.jrun.cli.warm;

import io.jrun.cgroup.CgroupFs;
import io.jrun.cli.AotTraining;
import io.jrun.cli.Cli;
import io.jrun.front.ChannelFront;
import io.jrun.mount.HostMounts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The warm brain: a resident JVM serving jrun commands over a unix socket, so that a command costs
 * a connection instead of a JVM start (docs/warm-path.md). The front (warm.c) starts it on first
 * use and still makes every process itself; each connection is one command, the same conversation
 * a cold brain has over its pipes. It holds nothing a cold jrun could not see: every command takes
 * the same state-directory locks and writes the same files, so it may be killed at any time.
 */
public final class WarmBrain {
    /** Rounds of the AOT training's commands run in the background at start (~2 s of CPU, on this VM). */
    private static final int WARM_UP_ROUNDS = 60;
    private final Path socket;
    private final Path pidFile;
    private final IdleClock clock;
    private final UserPrincipal owner;
    private final ServerSocketChannel server;
    private final long pid = ProcessHandle.current().pid();
    private final Path buildInfo = Path.of(System.getProperty("jrun.home", "/nonexistent"), "lib", "build-info.properties");
    private final String build;
    /** Threads kept for the next commands: starting one cost ~0.2 ms of each command. */
    private final ExecutorService commands = Executors.newCachedThreadPool(Thread.ofPlatform().name("command").daemon().factory());
    private final DeferredParents parents = new DeferredParents(CgroupFs.KERNEL, DeferredParents.DELAY);

    private WarmBrain(Path base, Duration idle, ServerSocketChannel server) throws IOException {
        this.socket = Path.of(base + ".sock");
        this.pidFile = Path.of(base + ".pid");
        this.server = server;
        this.clock = new IdleClock(idle, System.nanoTime());
        this.owner = Files.getOwner(socket);
        this.build = readBuild();
    }

    /** Our installation's build id; once it changes (rebuilt, removed), no front of ours is left. */
    private String readBuild() {
        try {
            return Files.readString(buildInfo);
        } catch (IOException e) {
            return "";
        }
    }

    /** args: the base path of the socket, lock and pid files; the idle time in seconds. */
    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        Duration idle = Duration.ofSeconds(Long.parseLong(args[1]));
        FileChannel lockFile = FileChannel.open(Path.of(base + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock();
        if (lock == null) {
            return; // another brain for this build runs or starts: it serves
        }
        WarmBrain brain = start(base, idle);
        StaleFiles.remove(base);
        if (brain.owner.getName().equals("root")) {
            for (String failed : RootCgroups.join(HostMounts.read(Path.of("/proc")), brain.pid)) {
                log("not moved to a root cgroup: " + failed);
            }
        }
        Thread.ofPlatform().name("warm-up").daemon().start(() -> {
            try {
                // next to the socket: a brain killed meanwhile leaves it where the next one cleans up
                Path scratch = Path.of(base + ".warmup");
                StaleFiles.removeTree(scratch);
                AotTraining.exercise(WARM_UP_ROUNDS, scratch);
            } catch (IOException | RuntimeException e) {
                log("warm-up: " + e);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            brain.removeFiles();
            brain.parents.flush();
        }));
        brain.serve();
        lock.release();
        System.exit(0);
    }

    static WarmBrain start(Path base, Duration idle) throws IOException {
        Path socket = Path.of(base + ".sock");
        Files.deleteIfExists(socket); // a dead brain's; we hold the lock
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket), 64);
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        WarmBrain brain = new WarmBrain(base, idle, server);
        Path tmp = Path.of(base + ".pid.tmp");
        Files.writeString(tmp, Long.toString(brain.pid));
        Files.move(tmp, brain.pidFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        log("serving on " + socket);
        return brain;
    }

    /** Accepts commands until idle; then unlinks the socket, so that fronts go cold, and drains. */
    void serve() throws IOException {
        server.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            server.register(selector, SelectionKey.OP_ACCEPT);
            while (!clock.idle(System.nanoTime()) && readBuild().equals(build)) {
                selector.select(500);
                selector.selectedKeys().clear();
                acceptAll();
            }
            Files.deleteIfExists(socket);
            acceptAll(); // connected before the unlink: still answered
            server.close();
        }
        while (clock.active() > 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        parents.flush();
        log("idle: leaving");
    }

    /** Our socket and pid file, not those of a brain that replaced us. */
    private void removeFiles() {
        try {
            if (Files.exists(pidFile) && Files.readString(pidFile).equals(Long.toString(pid))) {
                Files.deleteIfExists(socket);
                Files.delete(pidFile);
            }
        } catch (IOException e) {
            // leaving anyway: a stale socket only refuses, and the next brain replaces it
        }
    }

    private void acceptAll() throws IOException {
        for (SocketChannel ch; (ch = server.accept()) != null;) {
            SocketChannel conn = ch;
            clock.begin();
            commands.execute(() -> {
                try {
                    command(conn);
                } finally {
                    clock.end(System.nanoTime());
                }
            });
        }
    }

    /** One command: the caller's front, checked to be of our user, talks as to a cold brain. */
    private void command(SocketChannel conn) {
        try (conn) {
            conn.configureBlocking(true);
            UnixDomainPrincipal peer = conn.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!peer.user().equals(owner)) {
                log("refused a connection from user " + peer.user().getName());
                return;
            }
            InputStream in = Channels.newInputStream(conn);
            OutputStream out = Channels.newOutputStream(conn);
            ChannelFront front = new ChannelFront(in, out);
            front.exit(Cli.execute(front, "the warm brain (pid " + pid + ")", parents));
        } catch (Throwable t) {
            // a front that went away mid-command: its command ends here, the brain goes on
            log("command ended: " + t);
        }
    }

    private static void log(String line) {
        System.err.println(Instant.now() + " jrun warm brain: " + line);
    }
}
