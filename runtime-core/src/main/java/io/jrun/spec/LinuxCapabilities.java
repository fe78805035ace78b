package io.jrun.spec;

import java.util.List;

/** {@code process.capabilities}: capability names (CAP_...) per set. */
@SpecObject
public record LinuxCapabilities(
        @OmitEmpty List<String> bounding,
        @OmitEmpty List<String> effective,
        @OmitEmpty List<String> inheritable,
        @OmitEmpty List<String> permitted,
        @OmitEmpty List<String> ambient) {

    public LinuxCapabilities {
        bounding = Copy.list(bounding);
        effective = Copy.list(effective);
        inheritable = Copy.list(inheritable);
        permitted = Copy.list(permitted);
        ambient = Copy.list(ambient);
    }
}
