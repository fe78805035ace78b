package io.jrun.container;

import io.jrun.spec.Spec;
import io.jrun.spec.SpecParser;
import io.jrun.state.StateStore;
import java.util.Optional;

/** The config a container was created with, kept in its state directory (the bundle may change). */
final class StoredConfig {
    private StoredConfig() {}

    static Optional<Spec> of(RuntimeContext ctx, String id) {
        try {
            return Optional.of(SpecParser.parse(ctx.store().dir(id).resolve(StateStore.CONFIG_FILE)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
