package io.jrun.cli;

import io.jrun.container.RunContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Create and start a container; in the foreground, wait for it and exit with its status.")
final class RunCommand extends Verb {
    @Mixin
    CreateOptions options;

    @Option(names = {"-d", "--detach"}, description = "return once the container runs")
    boolean detach;

    @Option(names = "--no-subreaper", description = "accepted for compatibility with runc")
    boolean noSubreaper;

    @Option(names = "--keep", description = "keep the stopped container (for state and delete) instead of deleting it")
    boolean keep;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    String containerId() {
        return id;
    }

    @Override
    public Integer call() {
        return new RunContainer(context()).run(CreateCommand.request(this, options, id), detach, keep);
    }
}
