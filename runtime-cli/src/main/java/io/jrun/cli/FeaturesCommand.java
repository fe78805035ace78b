package io.jrun.cli;

import io.jrun.container.Features;
import picocli.CommandLine.Command;

@Command(name = "features", description = "Print the features jrun implements (the runtime-spec features JSON).")
final class FeaturesCommand extends Verb {
    @Override
    public Integer call() {
        jrun.out.println(Json.pretty(Features.document(VersionProvider.version())));
        return 0;
    }
}
