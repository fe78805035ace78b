package io.jrun.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One temp directory for the whole test run (/tmp/jrun-e2e-*), holding the busybox rootfs template
 * and each test's bundles and state. Removed at exit, never across a mount.
 */
final class E2eDirs {
    private static Path base;
    private static Path template;

    private E2eDirs() {}

    static synchronized Path base() {
        if (base == null) {
            try {
                base = Files.createTempDirectory("jrun-e2e-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                WarmBrains.stopAll();
                removeTree(base);
            }));
        }
        return base;
    }

    /** The busybox rootfs, built once per run by the same script as the demo. */
    static synchronized Path rootfsTemplate() {
        if (template == null) {
            Path dir = base().resolve("rootfs-template");
            Host.sh(Path.of(System.getProperty("jrun.repo", ".")).resolve("scripts/make-busybox-rootfs.sh") + " " + dir);
            template = dir;
        }
        return template;
    }

    private static Path defaultConfig;

    /** The config.json `jrun spec` writes, made once per run (every jrun call starts a JVM). */
    static synchronized Path defaultConfig(Jrun jrun) {
        if (defaultConfig == null) {
            Path dir = base().resolve("spec");
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Jrun.Result r = jrun.run("spec", "--bundle", dir.toString());
            if (r.exitCode() != 0) {
                throw new AssertionError("jrun spec failed: " + r);
            }
            defaultConfig = dir.resolve("config.json");
        }
        return defaultConfig;
    }

    /** Unmounts anything left below dir (there should be nothing), then rm -rf on one file system. */
    static void removeTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        for (String mp : Host.mountsUnder(dir)) {
            Host.sh("umount -l '" + mp + "'");
        }
        Host.sh("rm -rf --one-file-system '" + dir + "'");
    }
}
