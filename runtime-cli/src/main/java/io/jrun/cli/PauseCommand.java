package io.jrun.cli;

import io.jrun.container.PauseContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "pause", description = "Freeze every process of a container.")
final class PauseCommand extends Verb {
    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    String containerId() {
        return id;
    }

    @Override
    public Integer call() {
        new PauseContainer(context()).pause(id);
        return 0;
    }
}
