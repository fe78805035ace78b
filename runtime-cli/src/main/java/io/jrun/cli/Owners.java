package io.jrun.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The user name of a container's owner, from the host's /etc/passwd (runc shows names). */
final class Owners {
    private Owners() {}

    static String name(int uid) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":", -1);
                if (f.length > 2 && f[2].equals(Integer.toString(uid))) {
                    return f[0];
                }
            }
        } catch (IOException e) {
            // fall through to the number
        }
        return "#" + uid;
    }
}
