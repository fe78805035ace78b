package io.jrun.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The subcommands. Only the one a command line names is built: picocli builds a command's model by
 * reflection, and building all of them cost more than the rest of a `state` or `kill` (~3.5 ms
 * of ~4 ms, warm), and loaded their classes on every cold start. Help, no verb or an unknown one
 * get them all, so that usage and picocli's suggestions stay complete.
 */
final class Verbs {
    private static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();
    /** Global options that take a value in the next argument. */
    private static final Set<String> GLOBAL_WITH_VALUE = Set.of("--root", "--log", "--log-format");

    static {
        ALL.put("spec", SpecCommand::new);
        ALL.put("create", CreateCommand::new);
        ALL.put("start", StartCommand::new);
        ALL.put("state", StateCommand::new);
        ALL.put("kill", KillCommand::new);
        ALL.put("delete", DeleteCommand::new);
        ALL.put("run", RunCommand::new);
        ALL.put("list", ListCommand::new);
        ALL.put("update", UpdateCommand::new);
        ALL.put("pause", PauseCommand::new);
        ALL.put("resume", ResumeCommand::new);
        ALL.put("ps", PsCommand::new);
        ALL.put("events", EventsCommand::new);
        ALL.put("exec", ExecCommand::new);
        ALL.put("features", FeaturesCommand::new);
    }

    private Verbs() {}

    static void register(CommandLine top, List<String> args) {
        String verb = verb(args);
        if (verb != null) {
            top.addSubcommand(verb, ALL.get(verb).get());
        } else {
            ALL.forEach((name, make) -> top.addSubcommand(name, make.get()));
        }
        // exec ID ls -la: what follows the id is the command, options included
        if (top.getSubcommands().containsKey("exec")) {
            top.getSubcommands().get("exec").setStopAtPositional(true);
        }
    }

    /** The subcommand the arguments name, or null: none, an unknown one, or help asked for. */
    static String verb(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help") || a.equals("-v") || a.equals("--version")) {
                return null;
            }
            if (GLOBAL_WITH_VALUE.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return ALL.containsKey(a) ? a : null;
            }
        }
        return null;
    }
}
