package io.jrun.seccomp;

import io.jrun.error.InvalidSpecException;
import io.jrun.spec.LinuxSeccomp;
import io.jrun.spec.LinuxSeccompArg;
import io.jrun.spec.LinuxSyscall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks linux.seccomp and turns it into a {@link SeccompProgram}, with runc's reading of the
 * corner cases: a rule whose action is the default one is left out (libseccomp refuses it), and a
 * rule that compares the same argument twice becomes one rule per comparison.
 */
public final class SeccompPlanner {
    static final String FIELD = "linux.seccomp";
    static final long FLAG_TSYNC = 1;
    static final long FLAG_NEW_LISTENER = 8;
    private static final Map<String, Long> FLAGS = Map.of(
            "SECCOMP_FILTER_FLAG_TSYNC", FLAG_TSYNC,
            "SECCOMP_FILTER_FLAG_LOG", 2L,
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW", 4L,
            "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", 32L);
    private static final Pattern ARCH = Pattern.compile("SCMP_ARCH_[A-Z0-9_]+");
    private static final int MAX_ARGS = 6;

    private SeccompPlanner() {}

    public static List<String> flagNames() {
        return FLAGS.keySet().stream().sorted().toList();
    }

    public static SeccompProgram plan(LinuxSeccomp s) {
        if (s.defaultAction() == null || s.defaultAction().isEmpty()) {
            throw new InvalidSpecException(FIELD + ".defaultAction", "required");
        }
        int defaultAction = action(FIELD + ".defaultAction", s.defaultAction(), s.defaultErrnoRet(),
                FIELD + ".defaultErrnoRet");
        if ((defaultAction & 0xffff0000) == SeccompActions.NOTIFY) {
            throw new InvalidSpecException(FIELD + ".defaultAction", "SCMP_ACT_NOTIFY cannot be the default action");
        }
        List<String> arches = new ArrayList<>();
        for (int i = 0; i < s.architectures().size(); i++) {
            String a = s.architectures().get(i);
            if (a == null || !ARCH.matcher(a).matches()) {
                throw new InvalidSpecException(FIELD + ".architectures[" + i + "]", "unknown architecture \"" + a + "\"");
            }
            arches.add(a.substring("SCMP_ARCH_".length()).toLowerCase(java.util.Locale.ROOT));
        }
        long flags = 0;
        for (int i = 0; i < s.flags().size(); i++) {
            Long f = FLAGS.get(s.flags().get(i));
            if (f == null) {
                throw new InvalidSpecException(FIELD + ".flags[" + i + "]", "unknown flag \"" + s.flags().get(i)
                        + "\" (" + String.join(", ", FLAGS.keySet().stream().sorted().toList()) + ")");
            }
            flags |= f;
        }
        List<SeccompProgram.Rule> rules = new ArrayList<>();
        boolean notify = false;
        for (int i = 0; i < s.syscalls().size(); i++) {
            String field = FIELD + ".syscalls[" + i + "]";
            LinuxSyscall call = s.syscalls().get(i);
            if (call.names().isEmpty()) {
                throw new InvalidSpecException(field + ".names", "required");
            }
            if (call.action() == null || call.action().isEmpty()) {
                throw new InvalidSpecException(field + ".action", "required");
            }
            int action = action(field + ".action", call.action(), call.errnoRet(), field + ".errnoRet");
            if (action == SeccompActions.NOTIFY) {
                notify = true;
                if (call.names().contains("write")) {
                    // init reports to jrun with write(2) after the filter is in: it would wait forever
                    throw new InvalidSpecException(field, "SCMP_ACT_NOTIFY cannot be used for the write syscall");
                }
            }
            List<List<SeccompProgram.Condition>> conditionSets = conditions(field, call.args());
            for (int n = 0; n < call.names().size(); n++) {
                String name = call.names().get(n);
                if (name == null || name.isEmpty()) {
                    throw new InvalidSpecException(field + ".names[" + n + "]", "empty syscall name");
                }
                if (action == defaultAction) {
                    continue;
                }
                for (List<SeccompProgram.Condition> conditions : conditionSets) {
                    rules.add(new SeccompProgram.Rule(name, action, conditions));
                }
            }
        }
        if (notify) {
            if (s.listenerPath() == null || s.listenerPath().isEmpty()) {
                throw new InvalidSpecException(FIELD + ".listenerPath", "required with SCMP_ACT_NOTIFY");
            }
            if (!s.listenerPath().startsWith("/")) {
                throw new InvalidSpecException(FIELD + ".listenerPath", "must be an absolute path");
            }
            // A listener and TSYNC need TSYNC_ESRCH; init has one thread, so TSYNC has nothing to do.
            flags = (flags & ~FLAG_TSYNC) | FLAG_NEW_LISTENER;
        }
        return new SeccompProgram(defaultAction, arches, rules, flags, notify);
    }

    /** The action with its data: errnoRet for ERRNO and TRACE (EPERM if absent), refused for the others. */
    static int action(String field, String name, Long errnoRet, String errnoField) {
        int action = SeccompActions.action(name)
                .orElseThrow(() -> new InvalidSpecException(field, "unknown action \"" + name + "\""));
        if (!SeccompActions.takesData(action)) {
            if (errnoRet != null) {
                throw new InvalidSpecException(errnoField, "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE return an errno, not "
                        + name);
            }
            return action;
        }
        long data = errnoRet == null ? SeccompActions.EPERM : errnoRet;
        if (data < 0 || data > 0xffff) {
            throw new InvalidSpecException(errnoField, "must be between 0 and 65535");
        }
        return action | (int) data;
    }

    /**
     * The comparisons of a rule, all of which must hold. When one argument is compared twice,
     * libseccomp cannot AND them: like runc, each comparison becomes a rule of its own.
     */
    private static List<List<SeccompProgram.Condition>> conditions(String field, List<LinuxSeccompArg> args) {
        List<SeccompProgram.Condition> all = new ArrayList<>();
        int[] perIndex = new int[MAX_ARGS];
        for (int i = 0; i < args.size(); i++) {
            LinuxSeccompArg a = args.get(i);
            String f = field + ".args[" + i + "]";
            if (a.index() < 0 || a.index() >= MAX_ARGS) {
                throw new InvalidSpecException(f + ".index", "must be between 0 and 5");
            }
            if (a.op() == null || a.op().isEmpty()) {
                throw new InvalidSpecException(f + ".op", "required");
            }
            int op = SeccompActions.operator(a.op())
                    .orElseThrow(() -> new InvalidSpecException(f + ".op", "unknown operator \"" + a.op() + "\""));
            perIndex[(int) a.index()]++;
            all.add(new SeccompProgram.Condition((int) a.index(), op, a.value(), a.valueTwo() == null ? 0 : a.valueTwo()));
        }
        for (int count : perIndex) {
            if (count > 1) {
                return all.stream().map(List::of).toList();
            }
        }
        return List.of(all);
    }
}
