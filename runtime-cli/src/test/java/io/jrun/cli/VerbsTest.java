package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VerbsTest {
    @Test
    void theVerbIsTheFirstArgumentThatIsNeitherAnOptionNorItsValue() {
        assertEquals("state", Verbs.verb(List.of("state", "c1")));
        assertEquals("kill", Verbs.verb(List.of("--root", "/run/x", "--log", "state", "--log-format", "json", "kill", "c1")));
        assertEquals("exec", Verbs.verb(List.of("--debug", "exec", "c1", "state")));
        assertEquals("delete", Verbs.verb(List.of("delete", "--help")), "a verb's own help needs only that verb");
    }

    @Test
    void helpNoVerbOrAnUnknownOneGetsThemAll() {
        assertNull(Verbs.verb(List.of()));
        assertNull(Verbs.verb(List.of("--help")));
        assertNull(Verbs.verb(List.of("-v")));
        assertNull(Verbs.verb(List.of("statte", "c1")));
        assertNull(Verbs.verb(List.of("--rootless", "true", "state", "c1")), "an optional value is not a verb");
    }

    @Test
    void onlyTheNamedSubcommandIsBuilt() {
        CommandLine one = new CommandLine(CommandLine.Model.CommandSpec.create());
        Verbs.register(one, List.of("--root", "/x", "kill", "c1", "9"));
        assertEquals(List.of("kill"), List.copyOf(one.getSubcommands().keySet()));
        CommandLine all = new CommandLine(CommandLine.Model.CommandSpec.create());
        Verbs.register(all, List.of("--help"));
        assertEquals(15, all.getSubcommands().size());
        assertEquals(true, all.getSubcommands().get("exec").isStopAtPositional());
    }
}
