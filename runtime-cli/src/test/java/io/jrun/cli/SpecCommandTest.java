package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.cli.TestFront.Result;
import io.jrun.spec.DefaultSpec;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheDefaultConfigIntoTheBundle() throws IOException {
        Path bundle = Files.createDirectories(tmp.resolve("b"));
        Result r = TestFront.run(tmp, "spec", "--bundle", bundle.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        String json = Files.readString(bundle.resolve("config.json"));
        assertTrue(json.endsWith("}\n"));
        assertEquals(DefaultSpec.create(), SpecParser.parse(bundle.resolve("config.json")));
    }

    @Test
    void relativeBundleIsTheCallersAndDefaultIsItsDirectory() throws IOException {
        Files.createDirectories(tmp.resolve("rel"));
        assertEquals(0, TestFront.run(tmp, "spec", "-b", "rel").code());
        assertTrue(Files.exists(tmp.resolve("rel/config.json")));
        assertEquals(0, TestFront.run(tmp.resolve("rel"), "spec", "-b", "..").code());
        assertTrue(Files.exists(tmp.resolve("config.json")));
    }

    @Test
    void neverOverwrites() throws IOException {
        Path config = tmp.resolve("config.json");
        Files.writeString(config, "{\"mine\": true}");
        Result r = TestFront.run(tmp, "spec");
        assertEquals(1, r.code());
        assertEquals("jrun: spec: config.json exists in " + tmp + ": remove it first\n", r.err());
        assertEquals("{\"mine\": true}", Files.readString(config));
    }

    @Test
    void rootlessMapsTheCallersIds() throws IOException {
        Result r = TestFront.run(tmp, "spec", "--rootless");
        assertEquals(0, r.code(), r.err());
        Spec written = SpecParser.parse(tmp.resolve("config.json"));
        assertEquals(DefaultSpec.createRootless(TestFront.UID, TestFront.GID), written);
        assertFalse(written.linux().namespaces().stream().anyMatch(ns -> ns.type().equals("network")));
    }

    @Test
    void missingBundleDirectory() {
        Result r = TestFront.run(tmp, "spec", "-b", "missing");
        assertEquals(1, r.code());
        assertEquals("jrun: spec: write " + tmp.resolve("missing/config.json") + ": no such file or directory\n", r.err());
    }
}
