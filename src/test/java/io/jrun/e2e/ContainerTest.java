package io.jrun.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the end-to-end tests: each test gets its own state root and bundles in a temp dir, and
 * unique container ids. Afterwards every container is force-deleted and the test fails if anything
 * is left: a state directory, a cgroup, a process, or a mount.
 */
abstract class ContainerTest {
    Path testDir;
    Jrun jrun;
    private final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void requireRoot() {
        assumeTrue(Host.isRoot(), "the end-to-end tests make real containers and must run as root");
    }

    @BeforeEach
    void setUp() throws IOException {
        testDir = Files.createTempDirectory(E2eDirs.base(), "t");
        jrun = new Jrun(testDir.resolve("state"), testDir);
    }

    @AfterEach
    void cleanUp() {
        List<String> problems = new ArrayList<>();
        for (String id : ids) {
            if (Files.exists(jrun.root().resolve(id))) {
                jrun.run("delete", "--force", id);
            }
        }
        for (String id : ids) {
            if (Files.exists(jrun.root().resolve(id))) {
                problems.add("state directory of " + id);
            }
            for (Host.Hierarchy h : Host.cgroupHierarchies()) {
                if (Files.exists(h.dir("jrun/" + id))) {
                    problems.add("cgroup " + h.dir("jrun/" + id));
                }
            }
            List<Integer> procs = Host.processesMentioning(id);
            if (!procs.isEmpty()) {
                problems.add("processes " + procs + " of " + id);
                procs.forEach(p -> Host.sh("kill -9 " + p + " || true"));
            }
        }
        for (Host.Hierarchy h : Host.cgroupHierarchies()) {
            // The default parent goes with its last container: at once from a cold jrun, a moment
            // later from the warm brain (other users' containers may keep it).
            Path parent = h.dir("jrun");
            if (!Host.eventually(() -> !Files.isDirectory(parent) || !Host.subdirectories(parent).isEmpty(), 3000)) {
                problems.add("empty default parent cgroup " + parent);
            }
        }
        List<String> mounts = Host.mountsUnder(testDir);
        if (!mounts.isEmpty()) {
            problems.add("mounts " + mounts);
        }
        WarmBrains.stopUnder(testDir);
        E2eDirs.removeTree(testDir);
        assertEquals(List.of(), problems, "left behind after the test");
    }

    /** A container id unique to this test, cleaned up after it. */
    String newId() {
        String id = "e2e-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        ids.add(id);
        return id;
    }

    Bundle bundle() {
        return Bundle.create(testDir, jrun);
    }

    /** Runs the bundle in the foreground and returns what it printed; fails unless it exits 0. */
    String runOk(Bundle b) {
        b.write();
        Jrun.Result r = jrun.run("run", "--bundle", b.dir.toString(), newId());
        assertEquals(0, r.exitCode(), r.toString());
        return r.stdout();
    }

    JsonNode state(String id) {
        Jrun.Result r = jrun.run("state", id);
        assertEquals(0, r.exitCode(), r.toString());
        try {
            return Bundle.JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String status(String id) {
        return state(id).get("status").asText();
    }

    void assertNoStateDir(String id) {
        assertFalse(Files.exists(jrun.root().resolve(id)), "state directory of " + id + " exists");
    }

    static void assertOneErrorLine(Jrun.Result r, String expectedPart) {
        assertTrue(r.exitCode() != 0, "expected a failure: " + r);
        String err = r.errorLine();
        assertEquals(1, err.lines().count(), "one error line expected: " + r);
        assertTrue(err.startsWith("jrun: "), "error line should start with 'jrun: ': " + err);
        assertTrue(err.contains(expectedPart), "error line should mention '" + expectedPart + "': " + err);
    }
}
