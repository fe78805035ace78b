package io.jrun.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The test's busybox rootfs as a container image in Docker's archive format (manifest.json, an
 * image config, one layer), which `ctr images import`, `podman load` and `docker load` all read.
 * No registry is reachable here: the image is made locally, once per run.
 */
final class TestImage {
    static final String NAME = "jrun-test/busybox:latest";
    /** How containerd names it after import. */
    static final String REF = "docker.io/" + NAME;

    private static Path archive;

    private TestImage() {}

    static synchronized Path dockerArchive() {
        if (archive != null) {
            return archive;
        }
        try {
            Path dir = Files.createDirectories(E2eDirs.base().resolve("image"));
            Path layer = dir.resolve("layer.tar");
            Host.sh("tar -C " + E2eDirs.rootfsTemplate() + " --numeric-owner -cf " + layer + " .");
            String diffId = "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(layer)));
            Files.writeString(dir.resolve("config.json"), """
                    {"architecture":"amd64","os":"linux",\
                    "config":{"Env":["PATH=/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"]},\
                    "rootfs":{"type":"layers","diff_ids":["%s"]}}""".formatted(diffId));
            Files.writeString(dir.resolve("manifest.json"),
                    "[{\"Config\":\"config.json\",\"RepoTags\":[\"" + NAME + "\"],\"Layers\":[\"layer.tar\"]}]");
            Path out = E2eDirs.base().resolve("busybox-image.tar");
            Host.sh("tar -C " + dir + " -cf " + out + " manifest.json config.json layer.tar");
            archive = out;
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
