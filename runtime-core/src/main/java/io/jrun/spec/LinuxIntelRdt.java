package io.jrun.spec;

import java.util.List;

/** {@code linux.intelRdt} (resctrl). */
@SpecObject
public record LinuxIntelRdt(
        String closID,
        @OmitEmpty List<String> schemata,
        String l3CacheSchema,
        String memBwSchema,
        Boolean enableMonitoring) {

    public LinuxIntelRdt {
        schemata = Copy.list(schemata);
    }
}
