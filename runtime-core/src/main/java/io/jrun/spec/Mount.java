package io.jrun.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/** One {@code mounts} entry. */
@SpecObject
public record Mount(
        String destination,
        String type,
        String source,
        @OmitEmpty List<String> options,
        @OmitEmpty List<LinuxIdMapping> uidMappings,
        @OmitEmpty List<LinuxIdMapping> gidMappings) {

    public Mount {
        options = Copy.list(options);
        uidMappings = Copy.list(uidMappings);
        gidMappings = Copy.list(gidMappings);
    }

    public static Mount of(String destination, String type, String source, List<String> options) {
        return new Mount(destination, type, source, options, null, null);
    }

    /** A bind mount is asked for by type (bind, rbind) or, as runc allows, by a bind/rbind option. */
    @JsonIgnore
    public boolean isBind() {
        return "bind".equals(type) || "rbind".equals(type) || options.contains("bind") || options.contains("rbind");
    }
}
