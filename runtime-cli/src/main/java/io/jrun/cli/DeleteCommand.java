package io.jrun.cli;

import io.jrun.container.DeleteContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = "Delete a stopped (or created) container; --force kills a running one first.")
final class DeleteCommand extends Verb {
    @Option(names = {"-f", "--force"}, description = "kill the container if it is running")
    boolean force;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    String containerId() {
        return id;
    }

    @Override
    public Integer call() {
        new DeleteContainer(context()).delete(id, force);
        return 0;
    }
}
