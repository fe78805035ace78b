package io.jrun.spec;

import java.util.List;

/** {@code hooks}, per lifecycle point ({@code prestart} is deprecated but still run, as runc does). */
@SpecObject
public record Hooks(
        @OmitEmpty List<Hook> prestart,
        @OmitEmpty List<Hook> createRuntime,
        @OmitEmpty List<Hook> createContainer,
        @OmitEmpty List<Hook> startContainer,
        @OmitEmpty List<Hook> poststart,
        @OmitEmpty List<Hook> poststop) {

    public Hooks {
        prestart = Copy.list(prestart);
        createRuntime = Copy.list(createRuntime);
        createContainer = Copy.list(createContainer);
        startContainer = Copy.list(startContainer);
        poststart = Copy.list(poststart);
        poststop = Copy.list(poststop);
    }
}
