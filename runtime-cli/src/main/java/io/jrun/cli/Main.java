package io.jrun.cli;

import io.jrun.front.ChannelFront;
import io.jrun.front.Front;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The brain's entry point. The native front starts this JVM with the channel on fds 3 (in) and 4
 * (out); everything the caller gave (argv, env, cwd, stdio) comes and goes over it.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Front front;
        try {
            // Only the front's pipes: started any other way, fds 3 and 4 may be files of the JVM's
            // own (its jars), which a write would damage.
            for (String fd : new String[] {"3", "4"}) {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd", fd)).toString();
                if (!target.startsWith("pipe:") && !target.startsWith("socket:")) {
                    throw new IOException("fd " + fd + " is " + target + ", not a pipe from the front");
                }
            }
            front = new ChannelFront(new FileInputStream("/proc/self/fd/3"), new FileOutputStream("/proc/self/fd/4", true));
        } catch (IOException e) {
            System.err.println("jrun: internal error: no channel to the front (run dist/jrun/bin/jrun, not this class): "
                    + e.getMessage());
            System.exit(1);
            return;
        }
        int code = Cli.execute(front);
        front.exit(code);
        // halt, not exit: the answer is out, nothing is left to flush, and Runtime.exit would load
        // the JDK's logging machinery just to log itself (~15 ms of a cold command)
        Runtime.getRuntime().halt(0);
    }
}
