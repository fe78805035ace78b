package io.jrun.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** cgroup v1 (and hybrid hosts): one directory per mounted hierarchy, plus the unified one if any. */
public final class CgroupV1Manager extends FsCgroupManager {
    public CgroupV1Manager(List<Path> dirs) {
        super(dirs);
    }

    /** A new v1 cpuset starts with no cpus and no mems, and nothing can join it: inherit the parent's. */
    @Override
    protected void initialize(Path created) {
        for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
            Path own = created.resolve(file);
            if (!Files.exists(own)) {
                return;
            }
            try {
                if (Files.readString(own).isBlank()) {
                    Files.writeString(own, Files.readString(created.getParent().resolve(file)).trim());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("initialize " + own, e);
            }
        }
    }
}
