package io.jrun.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
    @TempDir
    Path tmp;

    @Test
    void holdsExactlyTheDecimalPid() throws IOException {
        Path file = tmp.resolve("init.pid");
        PidFile.write(file, 4242);
        assertEquals("4242", Files.readString(file));
        PidFile.write(file, 7);
        assertEquals("7", Files.readString(file));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }
    }
}
