package io.jrun.container;

import io.jrun.cgroup.CgroupFs;
import io.jrun.cgroup.EmptyParents;
import io.jrun.front.Front;
import io.jrun.os.Posix;
import io.jrun.state.StateStore;
import java.nio.file.Path;

/** Everything a lifecycle operation talks to; tests pass fakes and temp dirs. */
public record RuntimeContext(StateStore store, Posix posix, Front front, Path procRoot, Log log, CgroupFs cgroupFs,
        EmptyParents emptyParents) {
    public RuntimeContext(StateStore store, Posix posix, Front front, Path procRoot, Log log) {
        this(store, posix, front, procRoot, log, CgroupFs.KERNEL);
    }

    public RuntimeContext(StateStore store, Posix posix, Front front, Path procRoot, Log log, CgroupFs cgroupFs) {
        this(store, posix, front, procRoot, log, cgroupFs, EmptyParents.removeNow(cgroupFs));
    }
}
