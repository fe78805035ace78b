package io.jrun.cli;

import picocli.CommandLine.Option;

/** The options create and run share, as runc names them. */
final class CreateOptions {
    @Option(names = {"-b", "--bundle"}, paramLabel = "DIR", description = "bundle directory (default: the current one)")
    String bundle;

    @Option(names = "--pid-file", paramLabel = "FILE", description = "write the container's init pid to FILE")
    String pidFile;

    @Option(names = "--console-socket", paramLabel = "PATH", description = "unix socket that receives the pty master")
    String consoleSocket;

    @Option(names = "--no-pivot", description = "chroot instead of pivot_root (for ramdisk roots)")
    boolean noPivot;

    @Option(names = "--no-new-keyring", description = "accepted for compatibility with runc")
    boolean noNewKeyring;

    @Option(names = "--preserve-fds", paramLabel = "N", defaultValue = "0",
            description = "pass N more file descriptors (from 3) to the container")
    int preserveFds;
}
