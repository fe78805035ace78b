package io.jrun.container;

import io.jrun.state.ContainerState;
import io.jrun.state.CorruptStateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** state and list: read-only, so no lock; state files are replaced atomically. */
public final class QueryContainers {
    private final RuntimeContext ctx;

    public QueryContainers(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    public ContainerView state(String id) {
        ContainerState s = ctx.store().load(id);
        return ContainerView.of(s, ContainerStatus.of(ctx, s));
    }

    public List<ContainerView> list() {
        List<ContainerView> out = new ArrayList<>();
        for (String id : ctx.store().ids()) {
            try {
                Optional<ContainerState> s = ctx.store().read(id);
                s.ifPresent(st -> out.add(ContainerView.of(st, ContainerStatus.of(ctx, st))));
            } catch (CorruptStateException e) {
                ctx.log().warn("list: " + e.getMessage() + "; `jrun delete --force " + id + "` removes it");
            }
        }
        return out;
    }
}
