package io.jrun.spec;

import java.util.List;

/** {@code linux.resources.network} (net_cls / net_prio, cgroup v1 only). */
@SpecObject
public record LinuxNetwork(Long classID, @OmitEmpty List<LinuxInterfacePriority> priorities) {
    public LinuxNetwork {
        priorities = Copy.list(priorities);
    }
}
