package io.jrun.cli;

import io.jrun.container.ContainerView;
import io.jrun.container.QueryContainers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", description = "List the containers under --root.")
final class ListCommand extends Verb {
    @Option(names = {"-f", "--format"}, paramLabel = "table|json", defaultValue = "table")
    Format format;

    @Option(names = {"-q", "--quiet"}, description = "only the ids")
    boolean quiet;

    enum Format { table, json }

    @Override
    public Integer call() {
        List<ContainerView> views = new QueryContainers(context()).list();
        if (quiet) {
            views.forEach(v -> jrun.out.println(v.id()));
        } else if (format == Format.json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ContainerView v : views) {
                Map<String, Object> m = new LinkedHashMap<>(StateCommand.asJson(v));
                rows.add(m);
            }
            jrun.out.println(Json.compact(rows));
        } else {
            jrun.out.print(table(views));
        }
        return 0;
    }

    /** Columns as runc's tabwriter lays them out: at least 12 wide, 3 spaces of padding. */
    static String table(List<ContainerView> views) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"});
        for (ContainerView v : views) {
            rows.add(new String[] {v.id(), Integer.toString(v.pid()), v.status().specName(), v.bundle(), v.created(),
                Owners.name(v.owner())});
        }
        int[] width = new int[6];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], Math.max(12, r[i].length() + 3));
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                b.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s", r[i]));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
