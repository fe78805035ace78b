package io.jrun.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where cgroup files live. On the kernel's cgroupfs a new directory comes with its interface files,
 * files are never created by writing, and rmdir removes a directory with its files; tests use a
 * stand-in that behaves the same on a temp dir.
 */
public interface CgroupFs {
    boolean exists(Path path);

    boolean isDirectory(Path path);

    Optional<String> read(Path file);

    /** Replaces a file's content; never creates the file. */
    void write(Path file, String value) throws IOException;

    void mkdir(Path dir) throws IOException;

    void rmdir(Path dir) throws IOException;

    /** The subdirectories of dir (child cgroups). */
    List<Path> subdirectories(Path dir) throws IOException;

    /** The files of dir whose name matches a regex (hugetlb sizes). */
    List<Path> files(Path dir, String nameRegex) throws IOException;

    CgroupFs KERNEL = new CgroupFs() {
        @Override
        public boolean exists(Path path) {
            return Files.exists(path);
        }

        @Override
        public boolean isDirectory(Path path) {
            return Files.isDirectory(path);
        }

        @Override
        public Optional<String> read(Path file) {
            try {
                return Optional.of(io.jrun.os.KernelFiles.read(file).strip());
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public void write(Path file, String value) throws IOException {
            Files.writeString(file, value, StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }

        @Override
        public void mkdir(Path dir) throws IOException {
            Files.createDirectory(dir);
        }

        @Override
        public void rmdir(Path dir) throws IOException {
            Files.deleteIfExists(dir);
        }

        @Override
        public List<Path> subdirectories(Path dir) throws IOException {
            try (Stream<Path> s = Files.list(dir)) {
                return s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
            }
        }

        @Override
        public List<Path> files(Path dir, String nameRegex) throws IOException {
            try (Stream<Path> s = Files.list(dir)) {
                return s.filter(p -> p.getFileName().toString().matches(nameRegex)).toList();
            }
        }
    };
}
