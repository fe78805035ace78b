package io.jrun.cli;

import io.jrun.error.UsageException;
import io.jrun.spec.DefaultSpec;
import io.jrun.spec.SpecParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "spec", description = "Write a default config.json into the bundle (never over an existing one).")
final class SpecCommand extends Verb {
    @Option(names = {"-b", "--bundle"}, paramLabel = "DIR", description = "bundle directory (default: the current one)")
    String bundle;

    @Option(names = "--rootless", description = "a config for a rootless container")
    boolean rootless;

    @Override
    public Integer call() {
        Path dir = path(bundle == null ? "." : bundle);
        Path config = dir.resolve("config.json");
        String json = SpecParser.toJson(rootless
                ? DefaultSpec.createRootless(client().uid(), client().gid())
                : DefaultSpec.create());
        try {
            Files.writeString(config, json + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new UsageException("config.json exists in " + dir + ": remove it first");
        } catch (IOException e) {
            throw new UncheckedIOException("write " + config, e);
        }
        return 0;
    }
}
