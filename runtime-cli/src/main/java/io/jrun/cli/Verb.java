package io.jrun.cli;

import io.jrun.container.RuntimeContext;
import io.jrun.front.Client;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** What every subcommand shares: the global options and, when it has one, the container id. */
abstract class Verb implements Callable<Integer> {
    @ParentCommand
    JrunCommand jrun;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    /** The container id, for error messages ("jrun: start c1: ..."); null if the verb has none. */
    String containerId() {
        return null;
    }

    RuntimeContext context() {
        return jrun.context();
    }

    Client client() {
        return jrun.front.client();
    }

    Path path(String arg) {
        return client().resolve(arg);
    }
}
