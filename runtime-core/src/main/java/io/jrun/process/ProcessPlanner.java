package io.jrun.process;

import io.jrun.error.InvalidSpecException;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.seccomp.SeccompFilter;
import io.jrun.spec.LinuxCapabilities;
import io.jrun.spec.LinuxPersonality;
import io.jrun.spec.NamespaceType;
import io.jrun.spec.PosixRlimit;
import io.jrun.spec.Process;
import io.jrun.spec.RlimitType;
import io.jrun.spec.Spec;
import io.jrun.spec.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The steps after the filesystem: container-wide settings (names, personality), then the process's own
 * (limits, ids, capabilities, working directory) and the exec. Steps that need root come before the
 * uid switch; capabilities are set after it. The exec is looked up before waiting for start, so a
 * missing program fails `create`, not `start`.
 */
public final class ProcessPlanner {
    /**
     * What the plan of a process needs besides its config: the kernel's last capability, where to
     * warn, whether it gets a terminal (process.terminal, with a console socket or relayed), and
     * the compiled linux.seccomp (or null).
     */
    public record Context(int lastCap, Consumer<String> warn, boolean terminal, SeccompFilter seccomp,
            SecurityLabels.Host securityModules) {
        public Context(int lastCap, Consumer<String> warn, boolean terminal, SeccompFilter seccomp) {
            this(lastCap, warn, terminal, seccomp, SecurityLabels.Host.NONE);
        }

        public Context(int lastCap, Consumer<String> warn, boolean terminal) {
            this(lastCap, warn, terminal, null);
        }

        public Context(int lastCap, Consumer<String> warn) {
            this(lastCap, warn, false, null);
        }
    }

    private ProcessPlanner() {}

    /** A container's init: the container-wide settings, then its process, waiting for start. */
    public static List<Step> plan(Spec spec, List<String> env, Set<NamespaceType> created, Context ctx) {
        List<Step> steps = new ArrayList<>();
        boolean newUts = created.contains(NamespaceType.UTS);
        if (newUts && spec.hostname() != null && !spec.hostname().isEmpty()) {
            steps.add(Step.of(StepOp.SETHOSTNAME, "set hostname \"" + spec.hostname() + "\"", spec.hostname()));
        }
        if (newUts && spec.domainname() != null && !spec.domainname().isEmpty()) {
            steps.add(Step.of(StepOp.SETDOMAINNAME, "set domainname \"" + spec.domainname() + "\"", spec.domainname()));
        }
        if (spec.linux() != null) {
            steps.addAll(personality(spec.linux().personality()));
        }
        steps.addAll(process(spec.process(), env, ctx, true));
        return steps;
    }

    /**
     * What stage 1 sets for the process before it enters any namespace, through the host's /proc:
     * oom_score_adj, which the process inherits.
     */
    public static List<Step> beforeNamespaces(Process p) {
        if (p == null || p.oomScoreAdj() == null) {
            return List.of();
        }
        return List.of(Step.of(StepOp.OOM_SCORE_ADJ, "set oom_score_adj to " + p.oomScoreAdj(), p.oomScoreAdj()));
    }

    /**
     * linux.sysctl, each checked to belong to a namespace the container has of its own. They are
     * written before the read-only paths are, so a read-only /proc/sys does not refuse them.
     */
    public static List<Step> sysctls(Spec spec, Set<NamespaceType> created) {
        List<Step> steps = new ArrayList<>();
        Map<String, String> sysctl = spec.linux() == null ? Map.of() : spec.linux().sysctl();
        for (Map.Entry<String, String> e : sysctl.entrySet()) {
            NamespaceType ns = Sysctls.namespaceOf(e.getKey());
            if (!created.contains(ns)) {
                throw new InvalidSpecException("linux.sysctl", "\"" + e.getKey() + "\" needs a new " + ns.specName()
                        + " namespace: without one it would change the host");
            }
            steps.add(Step.of(StepOp.SYSCTL, "set sysctl " + e.getKey() + " to \"" + e.getValue() + "\"",
                    Sysctls.path(e.getKey()), e.getValue()));
        }
        return steps;
    }

    /**
     * A process's own steps, for init (waitForStart) and for exec: limits and names while still
     * root, the uid switch with the capabilities around it, then the exec.
     */
    public static List<Step> process(Process p, List<String> env, Context ctx, boolean waitForStart) {
        List<Step> steps = new ArrayList<>();
        for (PosixRlimit r : p.rlimits()) {
            RlimitType type = RlimitType.fromName(r.type()).orElseThrow(
                    () -> new InvalidSpecException("process.rlimits", "unknown rlimit type \"" + r.type() + "\""));
            steps.add(Step.of(StepOp.RLIMIT, "set rlimit " + r.type() + " (soft " + Long.toUnsignedString(r.soft())
                    + ", hard " + Long.toUnsignedString(r.hard()) + ")", type.resource(), r.soft(), r.hard()));
        }
        User u = p.user();
        if (ProcessEnv.get(env, "HOME").isEmpty()) {
            // runc's rule, applied inside the container where /etc/passwd is the container's own
            steps.add(Step.of(StepOp.DEFAULT_HOME, "set HOME from /etc/passwd", u.uid()));
        }
        if (ctx.terminal()) {
            // still root: the pty's peer is given to the process's user
            long rows = p.consoleSize() == null ? 0 : p.consoleSize().height();
            long cols = p.consoleSize() == null ? 0 : p.consoleSize().width();
            // init's pty is the container's /dev/console too; an exec'd process's is its own
            steps.add(Step.of(StepOp.TERMINAL, waitForStart ? "set up the terminal and /dev/console" : "set up the terminal",
                    rows, cols, u.uid(), u.gid(), waitForStart ? 1 : 0));
        }
        boolean noNewPrivileges = Boolean.TRUE.equals(p.noNewPrivileges());
        if (ctx.seccomp() != null && !noNewPrivileges) {
            // Without no_new_privs, loading a filter needs CAP_SYS_ADMIN: before any is dropped.
            steps.add(seccomp(ctx.seccomp()));
        }
        LinuxCapabilities caps = p.capabilities();
        if (caps != null) {
            steps.add(Step.of(StepOp.CAP_BOUNDING, "set the capability bounding set",
                    Capabilities.mask("process.capabilities.bounding", caps.bounding(), ctx.lastCap(), ctx.warn()), ctx.lastCap()));
            steps.add(Step.of(StepOp.KEEP_CAPS, "keep capabilities across the uid switch"));
        }
        List<String> gids = u.additionalGids().stream().map(String::valueOf).toList();
        steps.add(new Step(StepOp.SETGROUPS, gids, "set " + gids.size() + " additional groups"
                + (gids.isEmpty() ? "" : " " + (gids.size() <= 8 ? gids : gids.subList(0, 8) + "...")
                + (gids.size() > 65536 ? " (the kernel allows 65536)" : ""))));
        steps.add(Step.of(StepOp.SETGID, "set gid " + u.gid(), u.gid()));
        steps.add(Step.of(StepOp.SETUID, "set uid " + u.uid(), u.uid()));
        if (caps != null) {
            long effective = Capabilities.mask("process.capabilities.effective", caps.effective(), ctx.lastCap(), ctx.warn());
            long permitted = Capabilities.mask("process.capabilities.permitted", caps.permitted(), ctx.lastCap(), ctx.warn());
            long inheritable = Capabilities.mask("process.capabilities.inheritable", caps.inheritable(), ctx.lastCap(), ctx.warn());
            // The kernel raises an ambient capability only if it is permitted and inheritable; runc
            // skips the others without a word (`runc spec` itself asks for ambient ones with no
            // inheritable set), and so must we, or runc's bundles would not run.
            long ambient = Capabilities.mask("process.capabilities.ambient", caps.ambient(), ctx.lastCap(), ctx.warn())
                    & permitted & inheritable;
            steps.add(Step.of(StepOp.CAPS, "set capabilities", effective, permitted, inheritable, ambient, ctx.lastCap()));
        }
        if (u.umask() != null) {
            steps.add(Step.of(StepOp.UMASK, "set umask " + Long.toOctalString(u.umask()), u.umask()));
        }
        steps.add(Step.of(StepOp.CHDIR, "chdir to cwd (\"" + p.cwd() + "\") set in config.json", p.cwd()));
        String arg0 = p.args().getFirst();
        steps.add(new Step(StepOp.FIND_EXEC, ExecLookup.candidates(arg0, env), "exec: \"" + arg0 + "\""));
        if (noNewPrivileges) {
            steps.add(Step.of(StepOp.NO_NEW_PRIVS, "set no_new_privs"));
            if (ctx.seccomp() != null) {
                // As late as can be, so the profile need not allow jrun's own setup; still before
                // start, so a filter the kernel refuses fails create.
                steps.add(seccomp(ctx.seccomp()));
            }
        }
        if (waitForStart) {
            steps.add(Step.of(StepOp.WAIT_START, "wait for start"));
        }
        steps.add(Step.of(StepOp.EXEC, "exec: \"" + arg0 + "\""));
        steps.add(new Step(StepOp.ARGV, p.args(), "arguments"));
        steps.add(new Step(StepOp.ENVP, env, "environment"));
        return steps;
    }

    private static Step seccomp(SeccompFilter f) {
        return Step.of(StepOp.SECCOMP, "load the seccomp filter (" + f.instructions() + " instructions)",
                f.fields().toArray());
    }

    /** personality(2) from linux.personality: LINUX or LINUX32; the spec defines no flags yet. */
    public static List<Step> personality(LinuxPersonality personality) {
        if (personality == null) {
            return List.of();
        }
        long domain = switch (personality.domain() == null ? "" : personality.domain()) {
            case "LINUX" -> 0x0000;
            case "LINUX32" -> 0x0008;
            default -> throw new InvalidSpecException("linux.personality.domain",
                    "unknown domain \"" + personality.domain() + "\" (LINUX or LINUX32)");
        };
        if (!personality.flags().isEmpty()) {
            throw new InvalidSpecException("linux.personality.flags", "no flags are defined for personality");
        }
        return List.of(Step.of(StepOp.PERSONALITY, "set personality " + personality.domain(), domain));
    }
}
