package io.jrun.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.cgroup.CgroupMode;
import io.jrun.error.ContainerExistsException;
import io.jrun.error.ContainerNotFoundException;
import io.jrun.error.UsageException;
import io.jrun.os.Posix;
import io.jrun.testing.FakePosix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path tmp;

    private FakePosix posix;
    private StateStore store;

    @BeforeEach
    void setUp() {
        posix = new FakePosix(tmp.resolve("proc"));
        store = new StateStore(tmp.resolve("root"), posix);
    }

    static ContainerState state(String id, int pid) {
        return new ContainerState("1.3.0", id, pid, 987654321L, "/bundles/" + id, "/bundles/" + id + "/rootfs",
                "2025-01-02T03:04:05.123456789Z", 1000, Map.of("org.example/key", "value"),
                CgroupMode.UNIFIED, Map.of("unified", "/sys/fs/cgroup/jrun/" + id),
                List.of("/sys/fs/cgroup/jrun", "/sys/fs/cgroup/jrun/" + id), true);
    }

    private void createWithState(String id) {
        Posix.Lock lock = store.createLocked(id);
        try {
            store.write(state(id, 100));
        } finally {
            lock.close();
        }
    }

    @Test
    void createLockedMakesAPrivateLockedDirectory() throws IOException {
        Posix.Lock lock = store.createLocked("c1");
        try {
            Path dir = tmp.resolve("root/c1");
            assertTrue(Files.isDirectory(dir));
            assertEquals(List.of(dir), posix.locked);
            assertEquals(1, posix.openLocks);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.root())));
        } finally {
            lock.close();
        }
        assertEquals(0, posix.openLocks);
    }

    @Test
    void createLockedTwiceIsContainerExists() {
        store.createLocked("c1").close();
        ContainerExistsException e = assertThrows(ContainerExistsException.class, () -> store.createLocked("c1"));
        assertEquals("container with given ID already exists", e.getMessage());
        assertEquals(1, posix.locked.size(), "the second create locks nothing");
    }

    @Test
    void createLockedRefusesInvalidIdsBeforeTouchingTheDisk() {
        assertThrows(UsageException.class, () -> store.createLocked(".."));
        assertThrows(UsageException.class, () -> store.createLocked("a/b"));
        assertFalse(Files.exists(store.root()));
    }

    @Test
    void lockOfAMissingIdIsNotFound() {
        ContainerNotFoundException e = assertThrows(ContainerNotFoundException.class, () -> store.lock("nope"));
        assertEquals("container does not exist", e.getMessage());
    }

    @Test
    void lockOfADirectoryWithoutStateIsNotFoundAndReleasesTheLock() {
        store.createLocked("half").close();
        assertThrows(ContainerNotFoundException.class, () -> store.lock("half"));
        assertEquals(0, posix.openLocks);
    }

    @Test
    void lockOfAnExistingContainer() {
        createWithState("c1");
        Posix.Lock lock = store.lock("c1");
        assertEquals(1, posix.openLocks);
        lock.close();
        assertEquals(0, posix.openLocks);
    }

    @Test
    void lockWhenTheLockCallFailsIsNotFound() {
        createWithState("c1");
        StateStore failing = new StateStore(store.root(), new FakePosix(tmp) {
            @Override
            public Lock lockDirectory(Path dir) {
                throw new io.jrun.error.SyscallException("open " + dir, 2);
            }
        });
        assertThrows(ContainerNotFoundException.class, () -> failing.lock("c1"));
    }

    @Test
    void writeThenReadGivesTheSameState() {
        createWithState("c1");
        ContainerState expected = state("c1", 100);
        assertEquals(Optional.of(expected), store.read("c1"));
        assertEquals(expected, store.load("c1"));
        ContainerState changed = state("c1", 200);
        store.write(changed);
        assertEquals(changed, store.load("c1"));
    }

    @Test
    void readIgnoresUnknownFieldsAndDefaultsMissingLists() throws IOException {
        store.createLocked("old").close();
        Files.writeString(store.dir("old").resolve(StateStore.STATE_FILE),
                "{\"ociVersion\":\"1.0.2\",\"id\":\"old\",\"pid\":5,\"pidStartTime\":6,\"future\":{\"x\":1}}");
        ContainerState s = store.load("old");
        assertEquals(5, s.pid());
        assertEquals(6, s.pidStartTime());
        assertEquals(Map.of(), s.cgroupPaths());
        assertEquals(List.of(), s.cgroupMade());
        assertEquals(null, s.cgroupMode());
        assertEquals(Map.of(), s.annotations());
        assertFalse(s.ownPidNamespace());
    }

    @Test
    void cgroupModeAndPathsSurviveTheStateFileInOrder() throws IOException {
        Map<String, String> paths = new java.util.LinkedHashMap<>();
        paths.put("memory", "/sys/fs/cgroup/memory/jrun/c1");
        paths.put("cpu,cpuacct", "/sys/fs/cgroup/cpu,cpuacct/jrun/c1");
        paths.put("name=systemd", "/sys/fs/cgroup/systemd/jrun/c1");
        paths.put("unified", "/sys/fs/cgroup/unified/jrun/c1");
        ContainerState s = new ContainerState("1.3.0", "c1", 100, 1, "/b", "/b/rootfs", "2025-01-02T03:04:05Z", 0, Map.of(),
                CgroupMode.HYBRID, paths, List.of("/sys/fs/cgroup/memory/jrun"), true);
        store.createLocked("c1").close();
        store.write(s);
        ContainerState read = store.load("c1");
        assertEquals(s, read);
        assertEquals(CgroupMode.HYBRID, read.cgroupMode());
        assertEquals(List.copyOf(paths.keySet()), List.copyOf(read.cgroupPaths().keySet()), "hierarchy order kept");
        String json = Files.readString(store.dir("c1").resolve(StateStore.STATE_FILE));
        assertTrue(json.contains("\"cgroupMode\":\"HYBRID\""), json);
        assertTrue(json.contains("\"cpu,cpuacct\":\"/sys/fs/cgroup/cpu,cpuacct/jrun/c1\""), json);
    }

    @Test
    void readOfAMissingContainer() {
        assertEquals(Optional.empty(), store.read("ghost"));
        assertThrows(ContainerNotFoundException.class, () -> store.load("ghost"));
    }

    @Test
    void idsAreSortedAndSkipDirectoriesWithoutState() throws IOException {
        createWithState("b");
        createWithState("a");
        createWithState("c10");
        createWithState("c2");
        store.createLocked("creating").close();
        Files.writeString(store.root().resolve("stray-file"), "x");
        assertEquals(List.of("a", "b", "c10", "c2"), store.ids());
    }

    @Test
    void idsOfAMissingRootIsEmpty() {
        assertEquals(List.of(), store.ids());
    }

    @Test
    void removeDeletesTheDirectoryAndItsFiles() {
        createWithState("c1");
        store.writeConfig("c1", "{}".getBytes());
        posix.mkfifo(store.startFifo("c1"), 0600);
        store.remove("c1");
        assertFalse(Files.exists(store.dir("c1")));
        assertEquals(List.of(), store.ids());
        store.remove("c1"); // already gone: fine
    }

    @Test
    void pathsOfTheContainerFiles() {
        assertEquals(tmp.resolve("root/c1/exec.fifo"), store.startFifo("c1"));
        assertEquals(tmp.resolve("root/c1"), store.dir("c1"));
        assertThrows(UsageException.class, () -> store.dir("."));
    }

    @Test
    void writeAtomicallyLeavesNoTemporaryFile() throws IOException {
        Path target = tmp.resolve("file.json");
        StateStore.writeAtomically(target, "one".getBytes());
        StateStore.writeAtomically(target, "two".getBytes());
        assertEquals("two", Files.readString(target));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void writeConfigKeepsTheBytes() throws IOException {
        store.createLocked("c1").close();
        byte[] config = "{\"ociVersion\": \"1.3.0\"}\n".getBytes();
        store.writeConfig("c1", config);
        assertEquals(new String(config), Files.readString(store.dir("c1").resolve("config.json")));
    }
}
