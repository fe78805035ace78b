package io.jrun.seccomp;

import java.util.List;

/**
 * A seccomp profile checked and reduced to what libseccomp is given: action codes, architecture
 * names, rules by syscall name and the flags for seccomp(2).
 */
public record SeccompProgram(int defaultAction, List<String> architectures, List<Rule> rules, long flags, boolean hasListener) {
    public SeccompProgram {
        architectures = List.copyOf(architectures);
        rules = List.copyOf(rules);
    }

    /** The action for a syscall when all conditions hold (none: always). */
    public record Rule(String syscall, int action, List<Condition> conditions) {
        public Rule {
            conditions = List.copyOf(conditions);
        }
    }

    /** struct scmp_arg_cmp: argument index, SCMP_CMP_* operator, its one or two operands. */
    public record Condition(int index, int op, long a, long b) {}
}
