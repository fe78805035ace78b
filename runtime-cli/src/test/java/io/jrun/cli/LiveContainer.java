package io.jrun.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrun.cgroup.CgroupMode;
import io.jrun.os.ProcStat;
import io.jrun.state.ContainerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A container whose "init" is this JVM (so the real /proc says it runs), written straight into a state root. */
final class LiveContainer {
    private LiveContainer() {}

    static ContainerState write(Path root, String id, Path bundle) throws IOException {
        return write(root, id, bundle, null, Map.of());
    }

    /** With its cgroup: cgroupPaths keyed as CgroupManager.paths ("unified" for a cgroup2 directory). */
    static ContainerState write(Path root, String id, Path bundle, CgroupMode mode, Map<String, String> cgroupPaths)
            throws IOException {
        int pid = (int) ProcessHandle.current().pid();
        long start = ProcStat.read(Path.of("/proc"), pid).orElseThrow().startTime();
        ContainerState s = new ContainerState("1.3.0", id, pid, start, bundle.toString(), bundle.resolve("rootfs").toString(),
                "2025-01-02T03:04:05.123456789Z", 0, Map.of("org.example/a", "b"), mode, cgroupPaths, List.of(), true);
        Path dir = Files.createDirectories(root.resolve(id));
        new ObjectMapper().writeValue(dir.resolve("state.json").toFile(), s);
        return s;
    }
}
