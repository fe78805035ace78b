package io.jrun.hooks;

import io.jrun.front.Front;
import io.jrun.front.HookResult;
import io.jrun.plan.Step;
import io.jrun.plan.StepOp;
import io.jrun.spec.Hook;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs hooks: those of the runtime namespace through the front (it sets argv[0] exactly, which
 * Docker's prestart hook relies on), those of the container as plan steps for the shim.
 */
public final class Hooks {
    private Hooks() {}

    /** Runs them in order; the first that fails stops the rest and is thrown. */
    public static void run(Front front, HookPhase phase, List<Hook> hooks, byte[] state) {
        for (Hook h : hooks) {
            HookResult r = front.runHook(h.path(), argv(h), h.env(), state, timeout(h));
            if (!r.ok()) {
                throw new HookFailedException(phase, h.path(), r.errno(), r.detail());
            }
        }
    }

    /** poststop: failures are only warnings, and every hook runs. */
    public static void runWarning(Front front, HookPhase phase, List<Hook> hooks, byte[] state, Consumer<String> warn) {
        for (Hook h : hooks) {
            try {
                run(front, phase, List.of(h), state);
            } catch (HookFailedException e) {
                warn.accept(e.getMessage());
            }
        }
    }

    /**
     * Steps that run hooks inside the container. which: 0 for createContainer (state "creating"),
     * 1 for startContainer ("created"): the two documents init received at its checkpoint.
     */
    public static List<Step> steps(HookPhase phase, List<Hook> hooks, int which) {
        List<Step> steps = new ArrayList<>();
        for (Hook h : hooks) {
            List<Object> fields = new ArrayList<>();
            List<String> argv = argv(h);
            fields.add(which);
            fields.add(h.path());
            fields.add(timeout(h));
            fields.add(argv.size());
            fields.addAll(argv);
            fields.addAll(h.env());
            steps.add(Step.of(StepOp.RUN_HOOK, phase.specName() + " hook " + h.path(), fields.toArray()));
        }
        return steps;
    }

    /** A hook's args include argv[0]; without args, the path is argv[0]. */
    static List<String> argv(Hook h) {
        return h.args().isEmpty() ? List.of(h.path()) : h.args();
    }

    private static int timeout(Hook h) {
        return h.timeout() == null ? 0 : h.timeout();
    }
}
