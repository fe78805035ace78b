package io.jrun.cli;

import io.jrun.container.CreateContainer;
import io.jrun.error.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "create", description = "Create a container: its process waits in its namespaces until start.")
final class CreateCommand extends Verb {
    @Mixin
    CreateOptions options;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    String containerId() {
        return id;
    }

    @Override
    public Integer call() {
        new CreateContainer(context()).create(request(this, options, id));
        return 0;
    }

    static CreateContainer.Request request(Verb verb, CreateOptions o, String id) {
        if (o.preserveFds < 0) {
            throw new UsageException("--preserve-fds: must not be negative");
        }
        return new CreateContainer.Request(id, verb.path(o.bundle == null ? "." : o.bundle),
                o.pidFile == null ? null : verb.path(o.pidFile), o.noPivot, o.preserveFds, false,
                o.consoleSocket == null ? null : verb.path(o.consoleSocket));
    }
}
