package io.jrun.container;

import io.jrun.cgroup.CgroupManager;
import io.jrun.error.CgroupException;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user other than root gets a cgroup only where one was delegated to it (it can create the
 * container's directory); otherwise the container runs in the caller's cgroup, without limits.
 */
final class RootlessCgroup {
    private RootlessCgroup() {}

    static boolean writable(CgroupManager cgroup) {
        if (cgroup.dirs().isEmpty()) {
            return false;
        }
        for (Path dir : cgroup.dirs()) {
            Path existing = dir;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isWritable(existing)) {
                return false;
            }
        }
        return true;
    }

    /** Limits asked for without a delegated cgroup are an error, not silently dropped. */
    static void checkNoLimits(Spec spec, CgroupManager cgroup) {
        LinuxResources r = spec.linux() == null ? null : spec.linux().resources();
        if (r != null && !r.equals(LinuxResources.ofDevices(r.devices()))) {
            throw new CgroupException("linux.resources: cgroup limits need a cgroup delegated to this user, and "
                    + cgroup.dirs().getFirst() + " is not writable (remove linux.resources, or delegate a cgroup"
                    + " and name it in linux.cgroupsPath)");
        }
    }
}
