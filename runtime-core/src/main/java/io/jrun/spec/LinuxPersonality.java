package io.jrun.spec;

import java.util.List;

/** {@code linux.personality}: domain LINUX or LINUX32. */
@SpecObject
public record LinuxPersonality(String domain, @OmitEmpty List<String> flags) {
    public LinuxPersonality {
        flags = Copy.list(flags);
    }
}
