package io.jrun.os;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file of /proc, /sys or a cgroupfs in one go. Files.readString and readAllBytes see a
 * size of 0 there and read one byte first; a sysctl file then returns nothing from offset 1 on
 * (cap_last_cap reads as "4" instead of "40").
 */
public final class KernelFiles {
    private KernelFiles() {}

    public static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
