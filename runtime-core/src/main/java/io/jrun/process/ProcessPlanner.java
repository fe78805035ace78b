package io.jrun.process;

import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.spec.Process;
import io.jrun.spec.Spec;
import io.jrun.spec.User;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps after the filesystem: names, ids, working directory, and the exec itself. The exec is
 * looked up before waiting for start, so a missing program fails `create`, not `start`.
 */
public final class ProcessPlanner {
    private ProcessPlanner() {}

    public static List<Step> plan(Spec spec, List<String> env, boolean newUts) {
        List<Step> steps = new ArrayList<>();
        if (newUts && spec.hostname() != null && !spec.hostname().isEmpty()) {
            steps.add(Step.of(StepOp.SETHOSTNAME, "set hostname \"" + spec.hostname() + "\"", spec.hostname()));
        }
        if (newUts && spec.domainname() != null && !spec.domainname().isEmpty()) {
            steps.add(Step.of(StepOp.SETDOMAINNAME, "set domainname \"" + spec.domainname() + "\"", spec.domainname()));
        }
        Process p = spec.process();
        User u = p.user();
        List<String> gids = u.additionalGids().stream().map(String::valueOf).toList();
        if (ProcessEnv.get(env, "HOME").isEmpty()) {
            // runc's rule, applied inside the container where /etc/passwd is the container's own
            steps.add(Step.of(StepOp.DEFAULT_HOME, "set HOME from /etc/passwd", u.uid()));
        }
        steps.add(new Step(StepOp.SETGROUPS, gids, "set " + gids.size() + " additional groups"
                + (gids.isEmpty() ? "" : " " + (gids.size() <= 8 ? gids : gids.subList(0, 8) + "...")
                + (gids.size() > 65536 ? " (the kernel allows 65536)" : ""))));
        steps.add(Step.of(StepOp.SETGID, "set gid " + u.gid(), u.gid()));
        steps.add(Step.of(StepOp.SETUID, "set uid " + u.uid(), u.uid()));
        steps.add(Step.of(StepOp.CHDIR, "chdir to cwd (\"" + p.cwd() + "\") set in config.json", p.cwd()));
        String arg0 = p.args().getFirst();
        steps.add(new Step(StepOp.FIND_EXEC, ExecLookup.candidates(arg0, env), "exec: \"" + arg0 + "\""));
        steps.add(Step.of(StepOp.WAIT_START, "wait for start"));
        steps.add(Step.of(StepOp.EXEC, "exec: \"" + arg0 + "\""));
        steps.add(new Step(StepOp.ARGV, p.args(), "arguments"));
        steps.add(new Step(StepOp.ENVP, env, "environment"));
        return steps;
    }
}
