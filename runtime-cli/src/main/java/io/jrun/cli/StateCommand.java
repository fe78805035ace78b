package io.jrun.cli;

import io.jrun.container.ContainerView;
import io.jrun.container.QueryContainers;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "state", description = "Print the state of a container (runtime-spec state JSON).")
final class StateCommand extends Verb {
    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    String containerId() {
        return id;
    }

    @Override
    public Integer call() {
        ContainerView v = new QueryContainers(context()).state(id);
        jrun.out.println(Json.pretty(asJson(v)));
        return 0;
    }

    /** runc's field order; annotations only when there are some. */
    static Map<String, Object> asJson(ContainerView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ociVersion", v.ociVersion());
        m.put("id", v.id());
        m.put("pid", v.pid());
        m.put("status", v.status().specName());
        m.put("bundle", v.bundle());
        m.put("rootfs", v.rootfs());
        m.put("created", v.created());
        m.put("owner", Owners.name(v.owner()));
        if (!v.annotations().isEmpty()) {
            m.put("annotations", v.annotations());
        }
        return m;
    }
}
