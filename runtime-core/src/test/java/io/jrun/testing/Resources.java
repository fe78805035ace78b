package io.jrun.testing;

import io.jrun.spec.LinuxResources;
import io.jrun.spec.SpecParser;
import java.nio.charset.StandardCharsets;

/** linux.resources for tests, written as the JSON of config.json (single quotes allowed for readability). */
public final class Resources {
    private Resources() {}

    /** {@code of("{'memory': {'limit': 1024}}")}; single quotes become double quotes. */
    public static LinuxResources of(String json) {
        return SpecParser.parse(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8), LinuxResources.class, "test",
                "linux.resources.");
    }
}
