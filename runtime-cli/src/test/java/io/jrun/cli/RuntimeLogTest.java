package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrun.cli.TestFront.Result;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeLogTest {
    private static final Pattern RFC3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static void assertLogObject(String line, String level, String msg) throws IOException {
        JsonNode o = JSON.readTree(line);
        assertTrue(o.isObject(), line);
        assertEquals(level, o.get("level").asText());
        assertEquals(msg, o.get("msg").asText());
        String time = o.get("time").asText();
        assertTrue(RFC3339.matcher(time).matches(), time);
        OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    @Test
    void errorsGoToTheLogFileAsJsonAndToStderr() throws IOException {
        Result r = TestFront.run(tmp, "--log", "jrun.log", "--log-format", "json", "--root", tmp.resolve("r").toString(),
                "state", "nope");
        assertEquals(1, r.code());
        assertEquals("jrun: state nope: container does not exist\n", r.err());
        List<String> lines = Files.readAllLines(tmp.resolve("jrun.log"));
        assertEquals(1, lines.size());
        assertLogObject(lines.getFirst(), "error", "state nope: container does not exist");
    }

    @Test
    void theLogFileIsAppendedTo() throws IOException {
        Path log = tmp.resolve("log.json");
        for (int i = 0; i < 2; i++) {
            TestFront.run(tmp, "--log", log.toString(), "--log-format", "json", "--root", tmp.toString(), "kill", "c1", "FOO");
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size());
        for (String line : lines) {
            assertLogObject(line, "error", "kill c1: unknown signal \"FOO\"");
        }
    }

    @Test
    void textFormatInTheLogFile() throws IOException {
        TestFront.run(tmp, "--log", "t.log", "--root", tmp.toString(), "state", "nope");
        String line = Files.readString(tmp.resolve("t.log"));
        assertTrue(line.matches("time=\"[^\"]+\" level=error msg=\"state nope: container does not exist\"\n"), line);
    }

    @Test
    void jsonLinesEscapeWhatTheyCarry() throws IOException {
        Path file = tmp.resolve("x.log");
        StringWriter err = new StringWriter();
        RuntimeLog log = new RuntimeLog(file, true, true, new PrintWriter(err));
        log.debug("quote \" backslash \\ newline \n tab \t nul \0 é");
        log.warn("careful");
        log.error("create c1: boom");
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), "one line per entry, even with a newline in the message");
        assertLogObject(lines.get(0), "debug", "quote \" backslash \\ newline \n tab \t nul \0 é");
        assertLogObject(lines.get(1), "warning", "careful");
        assertLogObject(lines.get(2), "error", "create c1: boom");
        assertEquals("jrun: create c1: boom\n", err.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void debugIsDroppedWithoutDebug() throws IOException {
        Path file = tmp.resolve("x.log");
        RuntimeLog log = new RuntimeLog(file, true, false, new PrintWriter(new StringWriter()));
        log.debug("hidden");
        log.warn("shown");
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size());
        assertLogObject(lines.getFirst(), "warning", "shown");
    }

    @Test
    void withoutALogFileErrorsAreOneStderrLine() {
        StringWriter err = new StringWriter();
        new RuntimeLog(null, true, true, new PrintWriter(err)).error("start c1: container not running");
        assertEquals("jrun: start c1: container not running\n", err.toString());
    }
}
