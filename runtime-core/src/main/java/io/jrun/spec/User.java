package io.jrun.spec;

import java.util.List;

/** {@code process.user}. uid/gid are uint32 in the spec; the range is checked by the validator. */
@SpecObject
public record User(long uid, long gid, Long umask, @OmitEmpty List<Long> additionalGids, String username) {
    public User {
        additionalGids = Copy.list(additionalGids);
    }

    public static User of(long uid, long gid) {
        return new User(uid, gid, null, null, null);
    }
}
