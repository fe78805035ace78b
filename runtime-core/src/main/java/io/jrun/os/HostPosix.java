package io.jrun.os;

import java.nio.file.Files;
import java.nio.file.Path;

/** The {@link Posix} for this JVM: the installation's JNI library when there is one, else FFM. */
public final class HostPosix {
    private HostPosix() {}

    private static final class Choice {
        static final Posix POSIX = choose(System.getProperty("jrun.home"));
    }

    public static Posix get() {
        return Choice.POSIX;
    }

    static Posix choose(String home) {
        if (home != null) {
            Path lib = Path.of(home, "lib", "libjrunposix.so");
            if (Files.isRegularFile(lib)) {
                try {
                    System.load(lib.toString());
                    return new JniPosix();
                } catch (UnsatisfiedLinkError e) {
                    // an installation without a usable library still works, a little slower to start
                }
            }
        }
        return new LinuxPosix();
    }
}
