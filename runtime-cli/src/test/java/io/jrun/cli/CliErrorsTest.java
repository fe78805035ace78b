package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.cli.TestFront.Result;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure is one "jrun: ..." line on stderr and exit status 1. */
class CliErrorsTest {
    @TempDir
    Path tmp;

    private Result run(String... args) {
        return TestFront.run(tmp, args);
    }

    private static void assertOneLine(String err) {
        assertTrue(err.startsWith("jrun: "), err);
        assertTrue(err.endsWith("\n"), err);
        assertEquals(1, err.lines().count(), err);
    }

    @Test
    void stateOfAMissingContainer() {
        Result r = run("--root", tmp.resolve("root").toString(), "state", "nope");
        assertEquals(1, r.code());
        assertEquals("jrun: state nope: container does not exist\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void rootIsResolvedAgainstTheCallersDirectory() {
        Result r = run("--root", "relative-root", "state", "nope");
        assertEquals("jrun: state nope: container does not exist\n", r.err());
        assertFalse(Files.exists(tmp.resolve("relative-root")), "a read-only command creates nothing");
    }

    @Test
    void unknownSignalIsReportedBeforeTheContainerIsLookedUp() {
        Result r = run("--root", tmp.toString(), "kill", "c1", "FOO");
        assertEquals(1, r.code());
        assertEquals("jrun: kill c1: unknown signal \"FOO\"\n", r.err());
    }

    @Test
    void killOfAMissingContainer() {
        Result r = run("--root", tmp.toString(), "kill", "c1", "KILL");
        assertEquals("jrun: kill c1: container does not exist\n", r.err());
    }

    @Test
    void deleteOfAMissingContainer() {
        Result r = run("--root", tmp.toString(), "delete", "nope");
        assertEquals(1, r.code());
        assertEquals("jrun: delete nope: container does not exist\n", r.err());
        Result forced = run("--root", tmp.toString(), "delete", "--force", "nope");
        assertEquals(0, forced.code());
        assertEquals("", forced.err());
    }

    @Test
    void invalidIdIsAUsageError() {
        Result r = run("--root", tmp.toString(), "state", "../x");
        assertEquals(1, r.code());
        assertEquals("jrun: state ../x: invalid container id format: ../x\n", r.err());
    }

    @Test
    void missingArgumentIsOneLine() {
        Result r = run("start");
        assertEquals(1, r.code());
        assertOneLine(r.err());
        assertTrue(r.err().startsWith("jrun: start: missing required parameter"), r.err());
        assertTrue(r.err().endsWith("(see 'jrun start --help')\n"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownCommandIsOneLine() {
        Result r = run("frobnicate");
        assertEquals(1, r.code());
        assertOneLine(r.err());
        assertTrue(r.err().startsWith("jrun: unknown command \"frobnicate\""), r.err());
        assertTrue(r.err().endsWith("(see 'jrun --help')\n"), r.err());
    }

    @Test
    void unknownOptionIsOneLine() {
        Result r = run("--bogus", "list");
        assertEquals(1, r.code());
        assertOneLine(r.err());
        Result sub = run("list", "--bogus");
        assertEquals(1, sub.code());
        assertOneLine(sub.err());
        assertTrue(sub.err().startsWith("jrun: list: unknown option: '--bogus'"), sub.err());
    }

    @Test
    void badLogFormatIsOneLine() {
        Result r = run("--log-format", "xml", "list");
        assertEquals(1, r.code());
        assertOneLine(r.err());
    }

    @Test
    void systemdCgroupDriverIsRefused() {
        Result r = run("--systemd-cgroup", "--root", tmp.toString(), "list");
        assertEquals(1, r.code());
        assertOneLine(r.err());
        assertTrue(r.err().startsWith("jrun: list: the systemd cgroup driver"), r.err());
    }

    @Test
    void negativePreserveFdsIsRefused() {
        Result r = run("--root", tmp.toString(), "create", "--preserve-fds", "-1", "c1");
        assertEquals(1, r.code());
        assertEquals("jrun: create c1: --preserve-fds: must not be negative\n", r.err());
    }

    @Test
    void createWithoutABundleConfig() {
        Result r = run("--root", tmp.resolve("root").toString(), "create", "--bundle", "nobundle", "c1");
        assertEquals(1, r.code());
        assertEquals("jrun: create c1: config.json: no such file: " + tmp.resolve("nobundle/config.json") + "\n", r.err());
        assertFalse(Files.exists(tmp.resolve("root/c1")));
    }

    @Test
    void helpGoesToStdout() {
        Result r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Usage: jrun"), r.out());
        assertEquals("", r.err());
        Result none = run();
        assertEquals(0, none.code());
        assertTrue(none.out().contains("Usage: jrun"));
    }

    @Test
    void describeIoErrors() {
        assertEquals("write /x: no such file or directory",
                Cli.describe(new UncheckedIOException("write /x", new NoSuchFileException("/x"))));
        assertEquals("write /x: permission denied",
                Cli.describe(new UncheckedIOException("write /x", new AccessDeniedException("/x"))));
        assertEquals("remove /d: directory not empty",
                Cli.describe(new UncheckedIOException("remove /d", new FileSystemException("/d", null, "Directory not empty"))));
        assertTrue(Cli.describe(new IllegalStateException("boom")).startsWith("internal error: "));
    }
}
