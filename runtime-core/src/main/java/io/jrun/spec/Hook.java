package io.jrun.spec;

import java.util.List;

/** One lifecycle hook. {@code timeout} is in seconds, null for none. */
@SpecObject
public record Hook(String path, @OmitEmpty List<String> args, @OmitEmpty List<String> env, Integer timeout) {
    public Hook {
        args = Copy.list(args);
        env = Copy.list(env);
    }
}
