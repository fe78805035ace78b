package io.jrun.mount;

import io.jrun.spec.LinuxDevice;
import java.util.List;

/** The device nodes every container gets (runtime-spec "Default Devices"), and device type bits. */
public final class Devices {
    static final int S_IFIFO = 0010000;
    static final int S_IFCHR = 0020000;
    static final int S_IFBLK = 0060000;

    public static final List<LinuxDevice> DEFAULTS = List.of(
            device("/dev/null", 1, 3), device("/dev/zero", 1, 5), device("/dev/full", 1, 7),
            device("/dev/random", 1, 8), device("/dev/urandom", 1, 9), device("/dev/tty", 5, 0));

    private Devices() {}

    private static LinuxDevice device(String path, long major, long minor) {
        return new LinuxDevice("c", path, major, minor, 0666, 0L, 0L);
    }

    /** st_mode for mknod: the type bits of c/u/b/p plus the permission bits. */
    static int mode(LinuxDevice d) {
        int type = switch (d.type()) {
            case "b" -> S_IFBLK;
            case "p" -> S_IFIFO;
            default -> S_IFCHR;
        };
        return type | (d.fileMode() == null ? 0666 : d.fileMode() & 07777);
    }
}
