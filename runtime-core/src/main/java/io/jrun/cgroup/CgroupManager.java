package io.jrun.cgroup;

import java.nio.file.Path;
import java.util.List;

/**
 * A container's cgroup, in every hierarchy it belongs to. One implementation per cgroup version;
 * they only touch files under the directories they are given, so tests run on temp dirs.
 */
public interface CgroupManager {
    /** The container's cgroup directory in each hierarchy (what the shim joins). */
    List<Path> dirs();

    /** Creates the directories that do not exist yet; returns those it made, parents first. */
    List<Path> create();

    /** The pids in the container's cgroup. */
    List<Integer> pids();

    /**
     * Removes the container's cgroup (and cgroups the container made below it), then those of the
     * given parents that jrun made and are now empty. Processes must be gone.
     */
    void destroy(List<Path> madeByUs);
}
