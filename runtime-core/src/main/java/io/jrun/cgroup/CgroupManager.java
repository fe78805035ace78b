package io.jrun.cgroup;

import io.jrun.spec.LinuxResources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A container's cgroup, in every hierarchy it belongs to. One implementation per cgroup version;
 * they only touch files under the directories they are given, so tests run on temp dirs.
 */
public interface CgroupManager {
    CgroupMode mode();

    /** Where the container is, by hierarchy key (v1 controllers "cpu", "name=systemd"...; "unified" for cgroup2). */
    Map<String, Path> paths();

    /** The distinct directories to join, in a stable order. */
    default List<Path> dirs() {
        return paths().values().stream().distinct().toList();
    }

    /** Creates the directories that do not exist yet; returns those it made, parents first. */
    List<Path> create();

    /**
     * Writes the limits. resources.devices, when not empty, is the complete rule list (see
     * {@link DeviceRules}). Settings the host's cgroup version cannot express but runc ignores are
     * passed to ignored (to warn); anything else that cannot be set is an error naming the field.
     */
    void apply(LinuxResources resources, Consumer<String> ignored);

    void freeze();

    void thaw();

    boolean isFrozen();

    /** The pids in the container's cgroup. */
    List<Integer> pids();

    CgroupStats stats();

    /** How many times the kernel's OOM killer has killed a process of this cgroup. */
    long oomKills();

    /**
     * Removes the container's cgroup (and cgroups the container made below it), then those of the
     * given parents that jrun made and are now empty. Processes must be gone.
     */
    void destroy(List<Path> madeByUs);

    /** As {@link #destroy(List)}, the parents handed to {@code parents} (removed now or later). */
    void destroy(List<Path> madeByUs, EmptyParents parents);
}
