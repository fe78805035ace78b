package io.jrun.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An OCI bundle in a temp dir: a busybox rootfs (built once per test run, copied per bundle) and
 * the config.json that `jrun spec` writes, made runnable without a terminal.
 */
final class Bundle {
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path rootfs;
    final ObjectNode config;

    private Bundle(Path dir, ObjectNode config) {
        this.dir = dir;
        this.rootfs = dir.resolve("rootfs");
        this.config = config;
    }

    static Bundle create(Path parent, Jrun jrun) {
        try {
            Path dir = Files.createTempDirectory(parent, "bundle");
            Host.sh("cp -a " + E2eDirs.rootfsTemplate() + " " + dir.resolve("rootfs"));
            ObjectNode config = (ObjectNode) JSON.readTree(E2eDirs.defaultConfig(jrun).toFile());
            Bundle b = new Bundle(dir, config);
            b.process().put("terminal", false);
            ((ObjectNode) config.get("root")).put("readonly", false);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bundle around the config.json already in dir (one `jrun spec --rootless` wrote...), with the busybox rootfs. */
    static Bundle around(Path dir) {
        try {
            Host.sh("cp -a " + E2eDirs.rootfsTemplate() + " " + dir.resolve("rootfs"));
            Bundle b = new Bundle(dir, (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile()));
            b.process().put("terminal", false);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectNode process() {
        return (ObjectNode) config.get("process");
    }

    ObjectNode linux() {
        return (ObjectNode) config.get("linux");
    }

    Bundle args(String... args) {
        ArrayNode a = process().putArray("args");
        for (String s : args) {
            a.add(s);
        }
        return this;
    }

    /** sh -c SCRIPT */
    Bundle sh(String script) {
        return args("sh", "-c", script);
    }

    /** Adds capabilities to the bounding, effective and permitted sets of the default config. */
    Bundle addCapabilities(String... caps) {
        ObjectNode sets = (ObjectNode) process().get("capabilities");
        for (String set : java.util.List.of("bounding", "effective", "permitted")) {
            ArrayNode a = (ArrayNode) sets.get(set);
            for (String c : caps) {
                a.add(c);
            }
        }
        return this;
    }

    Bundle hostname(String name) {
        config.put("hostname", name);
        return this;
    }

    Bundle readonly(boolean ro) {
        ((ObjectNode) config.get("root")).put("readonly", ro);
        return this;
    }

    ArrayNode mounts() {
        return (ArrayNode) config.get("mounts");
    }

    Bundle mount(String destination, String type, String source, String... options) {
        ObjectNode m = mounts().addObject();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        ArrayNode o = m.putArray("options");
        for (String s : options) {
            o.add(s);
        }
        return this;
    }

    Bundle cgroupsPath(String path) {
        linux().put("cgroupsPath", path);
        return this;
    }

    /** Writes config.json; call after the last change. */
    Bundle write() {
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), config);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode node(String pointer) {
        return config.at(pointer);
    }
}
