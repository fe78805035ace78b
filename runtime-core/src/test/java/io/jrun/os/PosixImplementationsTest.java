package io.jrun.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.error.SyscallException;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JNI and the FFM implementations behave alike (the JNI one when the native build made it). */
class PosixImplementationsTest {
    /** native-shim's build output, where Maven's reactor put it before this module's tests. */
    private static final Path HOME = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().resolveSibling("native-shim").resolve("target");

    static List<Posix> implementations() throws Exception {
        List<Posix> all = new ArrayList<>(List.of(new LinuxPosix()));
        Path lib = HOME.resolve("libjrunposix.so");
        if (Files.isRegularFile(lib)) {
            // HostPosix looks in <home>/lib: make such a home around the built library
            Path home = Files.createTempDirectory("jrun-home");
            Files.createDirectories(home.resolve("lib"));
            Files.copy(lib, home.resolve("lib/libjrunposix.so"));
            for (Path p : List.of(home, home.resolve("lib"), home.resolve("lib/libjrunposix.so"))) {
                p.toFile().deleteOnExit(); // removed in reverse order: the file, lib/, home
            }
            all.add(HostPosix.choose(home.toString()));
        }
        return all;
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("implementations")
    void fifosLocksAndPidfds(Posix posix) throws Exception {
        Path fifo = dir.resolve("fifo");
        posix.mkfifo(fifo, 0600);
        assertThrows(SyscallException.class, () -> posix.mkfifo(fifo, 0600), "EEXIST");
        assertFalse(posix.writeFifo(fifo, (byte) 7), "no reader: ENXIO, told as false");
        try (FileInputStream reader = new FileInputStream(new java.io.RandomAccessFile(fifo.toFile(), "rw").getFD())) {
            assertTrue(posix.writeFifo(fifo, (byte) 7));
            assertEquals(7, reader.read());
        }
        try (Posix.Lock lock = posix.lockDirectory(dir)) {
            // held: nothing to see from here but that it closes cleanly
        }
        assertThrows(SyscallException.class, () -> posix.lockDirectory(dir.resolve("missing")));
        int fd = posix.pidfdOpen((int) ProcessHandle.current().pid());
        posix.pidfdSendSignal(fd, 0);
        posix.close(fd);
        assertThrows(SyscallException.class, () -> posix.pidfdOpen(Integer.MAX_VALUE), "ESRCH");
    }

    @org.junit.jupiter.api.Test
    void theBuiltLibraryIsChosenAndFfmWithoutIt() throws Exception {
        assertTrue(Files.isRegularFile(HOME.resolve("libjrunposix.so")), "native-shim builds it before these tests run");
        assertInstanceOf(JniPosix.class, implementations().getLast());
        assertInstanceOf(LinuxPosix.class, HostPosix.choose(dir.toString()), "no lib/libjrunposix.so there");
        assertInstanceOf(LinuxPosix.class, HostPosix.choose(null));
    }
}
