package io.jrun.cli;

import io.jrun.container.KillContainer;
import io.jrun.os.Signals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "kill", description = "Send a signal (default SIGTERM) to a container's init, or with --all to all its processes.")
final class KillCommand extends Verb {
    @Option(names = {"-a", "--all"}, description = "signal every process in the container")
    boolean all;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<signal>", defaultValue = "SIGTERM",
            description = "a name (KILL, SIGKILL) or a number (default: ${DEFAULT-VALUE})")
    String signal;

    @Override
    String containerId() {
        return id;
    }

    @Override
    public Integer call() {
        int sig = signal == null || signal.isBlank() ? Signals.SIGTERM : Signals.parse(signal);
        new KillContainer(context()).kill(id, sig, all);
        return 0;
    }
}
