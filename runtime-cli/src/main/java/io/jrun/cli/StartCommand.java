package io.jrun.cli;

import io.jrun.container.StartContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "start", description = "Start a created container: its process runs the user's program.")
final class StartCommand extends Verb {
    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    String containerId() {
        return id;
    }

    @Override
    public Integer call() {
        new StartContainer(context()).start(id);
        return 0;
    }
}
