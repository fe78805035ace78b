package io.jrun.state;

import io.jrun.error.ContainerExistsException;
import io.jrun.error.ContainerNotFoundException;
import io.jrun.os.Posix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One directory per container under the state root: state.json (written atomically by rename),
 * config.json (the config as created), exec.fifo (while created). Every command that reads or
 * changes a container holds the flock of its directory.
 */
public final class StateStore {
    public static final String STATE_FILE = "state.json";
    public static final String CONFIG_FILE = "config.json";
    public static final String START_FIFO = "exec.fifo";


    private final Path root;
    private final Posix posix;

    public StateStore(Path root, Posix posix) {
        this.root = root;
        this.posix = posix;
    }

    public Path root() {
        return root;
    }

    public Path dir(String id) {
        return root.resolve(ContainerId.validate(id));
    }

    /** Makes the directory of a new container and locks it; fails if the id is taken. */
    public Posix.Lock createLocked(String id) {
        Path dir = dir(id);
        try {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("create state root " + root, e instanceof FileAlreadyExistsException
                    ? new java.nio.file.FileSystemException(root.toString(), null, "not a directory") : e);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            throw new ContainerExistsException(id);
        } catch (IOException e) {
            throw new UncheckedIOException("create state directory " + dir, e);
        }
        return posix.lockDirectory(dir);
    }

    /** Locks an existing container; fails as "does not exist" if it is not there (or was just deleted). */
    public Posix.Lock lock(String id) {
        Path dir = dir(id);
        if (!Files.isDirectory(dir)) {
            throw new ContainerNotFoundException(id);
        }
        Posix.Lock lock;
        try {
            lock = posix.lockDirectory(dir);
        } catch (RuntimeException e) {
            throw new ContainerNotFoundException(id);
        }
        if (!Files.exists(dir.resolve(STATE_FILE))) {
            lock.close();
            throw new ContainerNotFoundException(id);
        }
        return lock;
    }

    public Optional<ContainerState> read(String id) {
        Path file = dir(id).resolve(STATE_FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("read " + file, e);
        }
        try {
            return Optional.of(StateJson.read(bytes));
        } catch (IOException e) {
            throw new CorruptStateException(id, file);
        }
    }

    public ContainerState load(String id) {
        return read(id).orElseThrow(() -> new ContainerNotFoundException(id));
    }

    public void write(ContainerState state) {
        try {
            writeAtomically(dir(state.id()).resolve(STATE_FILE), StateJson.write(state));
        } catch (IOException e) {
            throw new UncheckedIOException("write state of " + state.id(), e);
        }
    }

    public void writeConfig(String id, byte[] config) {
        writeAtomically(dir(id).resolve(CONFIG_FILE), config);
    }

    public Path startFifo(String id) {
        return dir(id).resolve(START_FIFO);
    }

    /**
     * A directory without state.json is what a create killed before it could record anything leaves
     * (its lock is free again): it holds nothing but the config copy and the fifo.
     */
    public boolean removeAbandoned(String id) {
        Path dir = dir(id);
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Posix.Lock lock = posix.lockDirectory(dir)) {
            if (Files.exists(dir.resolve(STATE_FILE))) {
                return false;
            }
            remove(id);
            return true;
        }
    }

    /** Removes the container's directory: only plain files live there, never mounts. */
    public void remove(String id) {
        Path dir = dir(id);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("remove state directory " + dir, e);
        }
    }

    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        if (!Files.exists(root)) {
            return ids;
        }
        if (!Files.isDirectory(root)) {
            throw new UncheckedIOException("read state root " + root,
                    new java.nio.file.FileSystemException(root.toString(), null, "not a directory"));
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                if (Files.exists(d.resolve(STATE_FILE))) {
                    ids.add(d.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("list " + root, e);
        }
        ids.sort(null);
        return ids;
    }

    /** write + fsync-free rename: readers see the old file or the new one, never a torn one. */
    public static void writeAtomically(Path target, byte[] data) {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.write(tmp, data);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("write " + target, e);
        }
    }
}
