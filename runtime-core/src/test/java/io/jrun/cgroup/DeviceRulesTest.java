package io.jrun.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrun.spec.DefaultSpec;
import io.jrun.spec.LinuxDeviceCgroup;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceRulesTest {
    /** runc's allowed defaults, as v1 lines, in runc's order. */
    static final List<String> DEFAULTS = List.of(
            "allow c *:* m", "allow b *:* m",
            "allow c 1:3 rwm", "allow c 1:8 rwm", "allow c 1:7 rwm", "allow c 5:0 rwm", "allow c 1:5 rwm", "allow c 1:9 rwm",
            "allow c 136:* rwm", "allow c 5:2 rwm");

    private static Spec spec(String linuxJson) {
        String json = "{\"ociVersion\": \"1.2.0\", \"linux\": " + linuxJson.replace('\'', '"') + "}";
        return SpecParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> lines(List<LinuxDeviceCgroup> rules) {
        return rules.stream().map(r -> (r.allow() ? "allow " : "deny ") + DeviceRules.v1Line(r)).toList();
    }

    private static List<String> with(List<String> first, List<String> then) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    @Test
    void runcSpecDefaultDeniesAllThenAllowsTheDefaults() {
        assertEquals(with(List.of("deny a *:* rwm"), DEFAULTS), lines(DeviceRules.of(DefaultSpec.create())));
    }

    @Test
    void theSpecsRulesComeFirstThenTheDefaults() {
        Spec s = spec("""
                {'resources': {'devices': [{'allow': false, 'access': 'rwm'},
                                           {'allow': true, 'type': 'c', 'major': 10, 'minor': 200, 'access': 'rw'},
                                           {'allow': false, 'type': 'c', 'major': 1, 'minor': 9, 'access': 'rwm'}]}}""");
        assertEquals(with(List.of("deny a *:* rwm", "allow c 10:200 rw", "deny c 1:9 rwm"), DEFAULTS), lines(DeviceRules.of(s)));
    }

    @Test
    void noRulesStartsWithADenyAll() {
        assertEquals(with(List.of("deny a *:* rwm"), DEFAULTS), lines(DeviceRules.of(spec("{}"))));
        assertEquals(with(List.of("deny a *:* rwm"), DEFAULTS), lines(DeviceRules.of(spec("{'resources': {}}"))));
        Spec noLinux = SpecParser.parse("{\"ociVersion\": \"1.2.0\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(with(List.of("deny a *:* rwm"), DEFAULTS), lines(DeviceRules.of(noLinux)));
    }

    @Test
    void devicesToCreateAreAllowedAfterTheDefaults() {
        Spec s = spec("""
                {'resources': {'devices': [{'allow': false, 'access': 'rwm'}]},
                 'devices': [{'path': '/dev/fuse', 'type': 'c', 'major': 10, 'minor': 229},
                             {'path': '/dev/sda', 'type': 'b', 'major': 8, 'minor': 0},
                             {'path': '/dev/uchar', 'type': 'u', 'major': 42, 'minor': 1},
                             {'path': '/dev/fifo', 'type': 'p'}]}""");
        List<String> expected = with(with(List.of("deny a *:* rwm"), DEFAULTS),
                List.of("allow c 10:229 rwm", "allow b 8:0 rwm", "allow c 42:1 rwm"));
        assertEquals(expected, lines(DeviceRules.of(s)), "u is a character device; a fifo needs no rule");
    }

    @ParameterizedTest(name = "{0} -> \"{1}\"")
    @CsvSource(nullValues = "null", delimiter = '|', value = {
        "c    | 1    | 3    | rwm  | c 1:3 rwm",
        "b    | 8    | null | r    | b 8:* r",
        "c    | null | 5    | w    | c *:5 w",
        "c    | -1   | -1   | m    | c *:* m",
        "a    | null | null | rwm  | a *:* rwm",
        "null | null | null | null | a *:* rwm",
        "''   | null | null | ''   | a *:* rwm",
        "c    | 136  | null | rwm  | c 136:* rwm",
    })
    void v1Line(String type, Long major, Long minor, String access, String line) {
        assertEquals(line, DeviceRules.v1Line(new LinuxDeviceCgroup(true, type, major, minor, access)));
    }
}
