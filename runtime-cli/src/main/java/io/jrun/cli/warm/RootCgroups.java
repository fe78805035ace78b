package io.jrun.cli.warm;

import io.jrun.mount.HostMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The warm brain lives in the root cgroup of every hierarchy, not in the cgroup of the caller that
 * happened to start it (a containerd shim's, conmon's, a test's): it must not keep a client's
 * cgroup busy, nor count against its limits.
 */
final class RootCgroups {
    private RootCgroups() {}

    /** The cgroup.procs file of each cgroup (v1) or cgroup2 mount, the top of each hierarchy. */
    static List<Path> procsFiles(HostMounts mounts) {
        List<Path> out = new ArrayList<>();
        for (HostMounts.Entry e : mounts.entries()) {
            if (e.fstype().equals("cgroup") || e.fstype().equals("cgroup2")) {
                out.add(e.mountPoint().resolve("cgroup.procs"));
            }
        }
        return out;
    }

    /** Moves this process; returns what could not be done (a hierarchy mounted below its root). */
    static List<String> join(HostMounts mounts, long pid) {
        List<String> failed = new ArrayList<>();
        for (Path procs : procsFiles(mounts)) {
            try {
                Files.writeString(procs, Long.toString(pid));
            } catch (IOException e) {
                failed.add(procs + ": " + e.getMessage());
            }
        }
        return failed;
    }
}
