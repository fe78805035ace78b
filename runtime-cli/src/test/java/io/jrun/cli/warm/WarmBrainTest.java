package io.jrun.cli.warm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.front.Op;
import io.jrun.front.Record;
import io.jrun.front.Wire;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm brain in this JVM, spoken to as the front does: one connection, one command. */
class WarmBrainTest {
    @TempDir
    Path dir;

    private static List<List<Record>> command(Path socket, String... argv) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(ch);
            InputStream in = Channels.newInputStream(ch);
            Wire.write(out, List.of(Record.of(Op.HELLO, "1", "/", 1000, 1000, 1), Record.of(Op.ARGV, (Object[]) argv),
                    Record.of(Op.ENV)));
            List<List<Record>> got = new ArrayList<>();
            do {
                got.add(Wire.read(in));
            } while (got.getLast().get(0).op() != Op.EXIT);
            return got;
        }
    }

    @Test
    void servesCommandsUntilIdleThenRemovesItsSocket() throws Exception {
        Path base = dir.resolve("0123456789abcdef");
        WarmBrain brain = WarmBrain.start(base, Duration.ofSeconds(2));
        Path socket = Path.of(base + ".sock");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(Path.of(base + ".pid")));
        Thread serving = Thread.ofPlatform().start(() -> {
            try {
                brain.serve();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        List<List<Record>> version = command(socket, "--version");
        assertEquals(Op.WRITE, version.get(0).get(0).op());
        assertTrue(new String(version.get(0).get(0).fields().get(1), StandardCharsets.UTF_8).startsWith("jrun version "));
        assertEquals("0", version.getLast().get(0).string(0), "EXIT 0");

        List<List<Record>> unknown = command(socket, "--root", dir.resolve("state").toString(), "state", "nope");
        assertEquals("jrun: state nope: container does not exist\n",
                new String(unknown.get(0).get(0).fields().get(1), StandardCharsets.UTF_8));
        assertEquals("1", unknown.getLast().get(0).string(0));

        serving.join(10_000);
        assertFalse(serving.isAlive(), "left after 2 s idle");
        assertFalse(Files.exists(socket));
        assertTrue(Files.exists(Path.of(base + ".pid")), "the pid file goes at exit, with the shutdown hook");
    }

    @Test
    void staleFilesOfOtherBuildsGoUnlessTheirBrainRuns() throws Exception {
        Path ours = dir.resolve("1111111111111111");
        for (String s : List.of(".lock", ".log", ".sock", ".pid")) {
            Files.writeString(Path.of(dir.resolve("2222222222222222") + s), "x");
        }
        Files.createDirectories(Path.of(dir.resolve("2222222222222222") + ".warmup/state"));
        Files.writeString(Path.of(dir.resolve("3333333333333333") + ".lock"), "");
        Files.writeString(Path.of(dir.resolve("3333333333333333") + ".log"), "running");
        try (var ch = java.nio.channels.FileChannel.open(Path.of(dir.resolve("3333333333333333") + ".lock"),
                java.nio.file.StandardOpenOption.WRITE); var held = ch.lock()) {
            // a lock held in this JVM would make tryLock throw: look from another process instead
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), StaleFilesMain.class.getName(), ours.toString())
                    .inheritIO().start();
            assertEquals(0, other.waitFor());
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of("3333333333333333.lock", "3333333333333333.log"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** StaleFiles.remove in a process of its own. */
    public static final class StaleFilesMain {
        public static void main(String[] args) {
            StaleFiles.remove(Path.of(args[0]));
        }
    }
}
