package io.jrun.cli;

import io.jrun.container.ObserveContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ps", description = "List the processes of a container: as ps(1) shows them, or their pids as JSON.")
final class PsCommand extends Verb {
    @Option(names = {"-f", "--format"}, paramLabel = "table|json", defaultValue = "table")
    ListCommand.Format format;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Parameters(index = "1..*", paramLabel = "<ps-options>", description = "options for ps(1) (default: -ef)")
    List<String> psOptions = new ArrayList<>();

    @Override
    String containerId() {
        return id;
    }

    @Override
    public Integer call() {
        List<Integer> pids = new ObserveContainer(context()).pids(id);
        if (format == ListCommand.Format.json) {
            jrun.out.println(Json.compact(pids));
        } else {
            jrun.out.print(table(pids));
        }
        return 0;
    }

    /** Runs the host's ps and keeps its header and the rows of the container's pids, as runc does. */
    private String table(List<Integer> pids) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ps");
        cmd.addAll(psOptions.isEmpty() ? List.of("-ef") : psOptions);
        String out;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("run ps", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> lines = out.lines().toList();
        if (lines.isEmpty()) {
            return "";
        }
        int column = List.of(lines.getFirst().trim().split("\\s+")).indexOf("PID");
        if (column < 0) {
            throw new io.jrun.error.UsageException("ps: the ps options must show a PID column");
        }
        StringBuilder b = new StringBuilder(lines.getFirst()).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length > column && f[column].matches("\\d+") && pids.contains(Integer.parseInt(f[column]))) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }
}
