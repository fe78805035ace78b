package io.jrun.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The --pid-file: the decimal pid, no newline, renamed into place (containerd parses it strictly). */
public final class PidFile {
    private PidFile() {}

    public static void write(Path path, int pid) {
        try {
            // 0644, as runc writes it: clients may read it as another user.
            Path tmp = Files.createTempFile(path.toAbsolutePath().getParent(), "." + path.getFileName(), ".tmp",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--")));
            try {
                Files.writeString(tmp, Integer.toString(pid), StandardCharsets.US_ASCII);
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("write pid file " + path, e);
        }
    }
}
