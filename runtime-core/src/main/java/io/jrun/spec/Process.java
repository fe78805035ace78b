package io.jrun.spec;

import java.util.List;

/**
 * {@code process}: what runs in the container. Optional flags are boxed (null = absent); use
 * {@code Boolean.TRUE.equals(p.terminal())}. {@code user} is never null: absent means uid 0, gid 0,
 * as in runc.
 */
@SpecObject
public record Process(
        Boolean terminal,
        Box consoleSize,
        User user,
        @OmitEmpty List<String> args,
        String commandLine,
        @OmitEmpty List<String> env,
        String cwd,
        LinuxCapabilities capabilities,
        @OmitEmpty List<PosixRlimit> rlimits,
        Boolean noNewPrivileges,
        String apparmorProfile,
        Integer oomScoreAdj,
        Scheduler scheduler,
        String selinuxLabel,
        LinuxIoPriority ioPriority,
        ExecCpuAffinity execCPUAffinity) {

    public Process {
        user = user == null ? new User(0, 0, null, null, null) : user;
        args = Copy.list(args);
        env = Copy.list(env);
        rlimits = Copy.list(rlimits);
    }

    public Process withTerminal(Boolean terminal) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, scheduler, selinuxLabel, ioPriority, execCPUAffinity);
    }

    public Process withUser(User user) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, scheduler, selinuxLabel, ioPriority, execCPUAffinity);
    }

    public Process withArgs(List<String> args) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, scheduler, selinuxLabel, ioPriority, execCPUAffinity);
    }

    public Process withEnv(List<String> env) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, scheduler, selinuxLabel, ioPriority, execCPUAffinity);
    }

    public Process withCwd(String cwd) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, scheduler, selinuxLabel, ioPriority, execCPUAffinity);
    }

    public Process withCapabilities(LinuxCapabilities capabilities) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, scheduler, selinuxLabel, ioPriority, execCPUAffinity);
    }

    public Process withRlimits(List<PosixRlimit> rlimits) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, scheduler, selinuxLabel, ioPriority, execCPUAffinity);
    }

    public Process withNoNewPrivileges(Boolean noNewPrivileges) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, scheduler, selinuxLabel, ioPriority, execCPUAffinity);
    }
}
