package io.jrun.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;

/**
 * What becomes of the parent cgroups jrun made for a container (the default "jrun/" in each
 * hierarchy) once the container's own cgroup is gone: each is removed if no other container uses it.
 * A cold jrun removes them at once; the warm brain a moment later, so that a burst of containers
 * does not make and remove them each time (on v1, ten mkdirs and ten rmdirs per container, whose
 * teardown the kernel finishes in the background while the next create waits for it).
 */
public interface EmptyParents {
    void release(Collection<Path> parents);

    static EmptyParents removeNow(CgroupFs fs) {
        return parents -> removeIfEmpty(fs, parents);
    }

    /** Deepest first; one still in use (EBUSY) or already gone stays as it is. */
    static void removeIfEmpty(CgroupFs fs, Collection<Path> parents) {
        parents.stream().sorted(Comparator.comparingInt(Path::getNameCount).reversed()).forEach(p -> {
            try {
                fs.rmdir(p);
            } catch (IOException e) {
                // still used by another container: leave it
            }
        });
    }
}
