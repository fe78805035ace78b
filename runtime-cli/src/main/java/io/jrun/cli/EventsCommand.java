package io.jrun.cli;

import io.jrun.cgroup.CgroupStats;
import io.jrun.container.ObserveContainer;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "events", description = "Print a container's resource figures as JSON lines, with oom events; --stats prints them once.")
final class EventsCommand extends Verb {
    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5s", description = "between stats (default: ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--stats", description = "print the figures once and exit")
    boolean statsOnce;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    String containerId() {
        return id;
    }

    @Override
    public Integer call() {
        ObserveContainer observe = new ObserveContainer(context());
        if (statsOnce) {
            emit("stats", observe.stats(id));
            return 0;
        }
        observe.stream(id, Units.duration("--interval", interval), new ObserveContainer.EventSink() {
            @Override
            public void stats(CgroupStats stats) {
                emit("stats", stats);
            }

            @Override
            public void oom() {
                emit("oom", null);
            }
        });
        return 0;
    }

    /** runc's event line: {"type":..., "id":..., "data":...}, flushed at once. */
    private void emit(String type, Object data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("id", id);
        if (data != null) {
            event.put("data", data);
        }
        jrun.out.println(Json.compact(event));
        jrun.out.flush();
    }
}
