package io.jrun.container;

import io.jrun.spec.Spec;
import io.jrun.spec.SpecParser;
import io.jrun.state.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;

/** The config a container was created with, kept in its state directory (the bundle may change). */
final class StoredConfig {
    private StoredConfig() {}

    /**
     * The config, if it has hooks: start and delete want nothing else from it. A config whose text
     * cannot hold a "hooks" key (not even written with \\u escapes) is not parsed at all, which
     * spares a cold start or delete the whole of databind.
     */
    static Optional<Spec> withHooks(RuntimeContext ctx, String id) {
        try {
            byte[] json = Files.readAllBytes(ctx.store().dir(id).resolve(StateStore.CONFIG_FILE));
            String text = new String(json, StandardCharsets.UTF_8);
            if (!text.contains("\"hooks\"") && !text.contains("\\u")) {
                return Optional.empty();
            }
            Spec spec = SpecParser.parse(json);
            return spec.hooks() == null ? Optional.empty() : Optional.of(spec);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
