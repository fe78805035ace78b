package io.jrun.cli;

import io.jrun.container.ExecContainer;
import io.jrun.container.ExecProcess;
import io.jrun.error.JrunException;
import io.jrun.error.UsageException;
import io.jrun.spec.Process;
import io.jrun.spec.SpecParser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "exec", description = "Run a new process in a running container; exits with its status.")
final class ExecCommand extends Verb {
    /** runc's status when the exec itself fails, distinct from any status of the process. */
    static final int EXEC_FAILED = 255;

    @Option(names = {"-p", "--process"}, paramLabel = "FILE", description = "the process as runtime-spec process JSON")
    String processFile;

    @Option(names = {"-t", "--tty"}, description = "allocate a terminal")
    boolean tty;

    @Option(names = "--console-socket", paramLabel = "PATH", description = "unix socket that receives the pty master")
    String consoleSocket;

    @Option(names = {"-d", "--detach"}, description = "return once the process runs")
    boolean detach;

    @Option(names = "--pid-file", paramLabel = "FILE", description = "write the process's pid to FILE")
    String pidFile;

    @Option(names = "--cwd", paramLabel = "DIR", description = "working directory inside the container")
    String cwd;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME=value", description = "add or replace an environment variable")
    List<String> env = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]", description = "numeric user and group")
    String user;

    @Option(names = {"-g", "--additional-gids"}, paramLabel = "GID", description = "supplementary group (repeatable)")
    List<Long> additionalGids = new ArrayList<>();

    @Option(names = {"-c", "--cap"}, paramLabel = "CAP", description = "add a capability (repeatable)")
    List<String> caps = new ArrayList<>();

    @Option(names = "--no-new-privs", description = "set no_new_privs for the process")
    boolean noNewPrivs;

    @Option(names = "--preserve-fds", paramLabel = "N", defaultValue = "0", description = "pass N more fds (from 3)")
    int preserveFds;

    @Option(names = "--ignore-paused", description = "exec even if the container is paused")
    boolean ignorePaused;

    @Option(names = "--apparmor", paramLabel = "PROFILE", description = "the AppArmor profile of the process")
    String apparmor;

    @Option(names = "--process-label", paramLabel = "LABEL", description = "the SELinux label of the process")
    String processLabel;

    @Option(names = "--cgroup", paramLabel = "PATH", description = "a sub-cgroup: not supported")
    String subCgroup;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Parameters(index = "1..*", paramLabel = "<command>")
    List<String> command = new ArrayList<>();

    @Override
    String containerId() {
        return id;
    }

    @Override
    public Integer call() {
        try {
            return new ExecContainer(context()).exec(new ExecContainer.Request(id, process(), flags(), detach,
                    pidFile == null ? null : path(pidFile), preserveFds, ignorePaused,
                    consoleSocket == null ? null : path(consoleSocket)));
        } catch (JrunException e) {
            throw new ExitCodeException(e, EXEC_FAILED);
        }
    }

    private Process process() {
        if (processFile == null) {
            return null;
        }
        byte[] json;
        try {
            json = Files.readAllBytes(path(processFile));
        } catch (IOException e) {
            throw new io.jrun.error.InvalidSpecException("--process", "cannot read " + path(processFile) + ": " + Cli.ioReason(e));
        }
        return SpecParser.parse(json, Process.class, "--process", "process.");
    }

    private ExecProcess.Flags flags() {
        if (subCgroup != null) {
            throw new UsageException("--cgroup: sub-cgroups are not supported");
        }
        Long uid = null;
        Long gid = null;
        if (user != null) {
            String[] parts = user.split(":", 2);
            try {
                uid = Long.parseLong(parts[0]);
                gid = parts.length > 1 ? Long.parseLong(parts[1]) : null;
            } catch (NumberFormatException e) {
                throw new UsageException("--user: \"" + user + "\" must be a numeric uid[:gid]");
            }
        }
        return new ExecProcess.Flags(command, cwd, env, uid, gid, additionalGids, caps, noNewPrivs, tty, apparmor, processLabel);
    }
}
