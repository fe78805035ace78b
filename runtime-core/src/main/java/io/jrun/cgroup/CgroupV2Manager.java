package io.jrun.cgroup;

import java.nio.file.Path;
import java.util.List;

/** cgroup v2: one directory in the unified hierarchy. */
public final class CgroupV2Manager extends FsCgroupManager {
    public CgroupV2Manager(Path dir) {
        super(List.of(dir));
    }
}
