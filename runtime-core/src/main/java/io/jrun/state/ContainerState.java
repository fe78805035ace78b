package io.jrun.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.jrun.cgroup.CgroupMode;
import java.util.List;
import java.util.Map;

/**
 * What jrun remembers of a container between commands (state.json in its state directory). The
 * init's start time pins the pid: a pid reused by another process is never taken for the container.
 * cgroupPaths are the container's cgroups by hierarchy (see CgroupManager.paths); cgroupMade the
 * directories jrun created for them (parents included), removed again at delete.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerState(
        String ociVersion,
        String id,
        int pid,
        long pidStartTime,
        String bundle,
        String rootfs,
        String created,
        int owner,
        Map<String, String> annotations,
        CgroupMode cgroupMode,
        Map<String, String> cgroupPaths,
        List<String> cgroupMade,
        boolean ownPidNamespace) {

    public ContainerState {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        cgroupPaths = cgroupPaths == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cgroupPaths));
        cgroupMade = cgroupMade == null ? List.of() : List.copyOf(cgroupMade);
    }
}
