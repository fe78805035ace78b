package io.jrun.cli;

import io.jrun.spec.DefaultSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** runc's layout, which podman and containerd parse: "X version V", "commit: C", "spec: S". */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Properties p = buildInfo();
        return new String[] {
            "jrun version " + p.getProperty("version", "unknown"),
            "commit: " + p.getProperty("commit", "unknown"),
            "spec: " + DefaultSpec.OCI_VERSION,
            "java: " + System.getProperty("java.version")
        };
    }

    static String version() {
        return buildInfo().getProperty("version", "unknown");
    }

    private static Properties buildInfo() {
        Properties p = new Properties();
        String home = System.getProperty("jrun.home");
        if (home != null) {
            try (InputStream in = Files.newInputStream(Path.of(home, "lib", "build-info.properties"))) {
                p.load(in);
            } catch (IOException e) {
                // a build without build-info: show "unknown"
            }
        }
        return p;
    }
}
