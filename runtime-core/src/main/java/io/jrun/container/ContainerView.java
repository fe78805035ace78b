package io.jrun.container;

import io.jrun.state.ContainerState;
import io.jrun.state.Status;
import java.util.Map;

/** A container as `state` and `list` show it (runtime-spec state, plus runc's created/owner). */
public record ContainerView(
        String ociVersion, String id, Status status, int pid, String bundle, String rootfs, String created,
        int owner, Map<String, String> annotations) {

    static ContainerView of(ContainerState s, Status status) {
        return new ContainerView(s.ociVersion(), s.id(), status, status == Status.STOPPED ? 0 : s.pid(), s.bundle(),
                s.rootfs(), s.created(), s.owner(), s.annotations());
    }
}
