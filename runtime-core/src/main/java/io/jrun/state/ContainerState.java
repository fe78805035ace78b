package io.jrun.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * What jrun remembers of a container between commands (state.json in its state directory). The
 * init's start time pins the pid: a pid reused by another process is never taken for the container.
 * cgroupDirs are the container's cgroups; cgroupMade the directories jrun created for them (parents
 * included), removed again at delete.
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
        List<String> cgroupDirs,
        List<String> cgroupMade,
        boolean ownPidNamespace) {

    public ContainerState {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        cgroupDirs = cgroupDirs == null ? List.of() : List.copyOf(cgroupDirs);
        cgroupMade = cgroupMade == null ? List.of() : List.copyOf(cgroupMade);
    }
}
