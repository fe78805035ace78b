package io.jrun.cli.warm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Files of brains of other builds that no longer run (their lock is free): every build has its own
 * key, so without this each rebuild would leave its lock and log behind.
 */
final class StaleFiles {
    private static final String[] SUFFIXES = {".sock", ".pid", ".pid.tmp", ".log", ".lock"};

    private StaleFiles() {}

    static void remove(Path ourBase) {
        Path dir = ourBase.getParent();
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(dir, "*.lock")) {
            for (Path lock : locks) {
                String name = lock.getFileName().toString();
                Path base = dir.resolve(name.substring(0, name.length() - ".lock".length()));
                if (!base.equals(ourBase)) {
                    removeIfUnlocked(base, lock);
                }
            }
        } catch (IOException e) {
            // best effort: only tidiness is lost
        }
    }

    /** A warm-up scratch directory: plain files of ours, no mounts. */
    static void removeTree(Path dir) {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort
        }
    }

    private static void removeIfUnlocked(Path base, Path lockFile) throws IOException {
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                return; // that brain still runs
            }
            for (String suffix : SUFFIXES) {
                Files.deleteIfExists(Path.of(base + suffix));
            }
            removeTree(Path.of(base + ".warmup"));
            lock.release();
        }
    }
}
