package io.jrun.cli;

import io.jrun.container.PauseContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "resume", description = "Thaw a paused container.")
final class ResumeCommand extends Verb {
    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    String containerId() {
        return id;
    }

    @Override
    public Integer call() {
        new PauseContainer(context()).resume(id);
        return 0;
    }
}
