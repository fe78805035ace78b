package io.jrun.cli;

import io.jrun.container.Log;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * runc's log protocol: with --log FILE, lines appended to it; with --log-format json one object per
 * line with level, msg and time (RFC 3339), which containerd decodes to find the last error.
 * Without --log, debug lines and warnings go to stderr as "jrun: warning: ..." for a person to read.
 */
final class RuntimeLog implements Log {
    private final Path file;
    private final boolean json;
    private final boolean debug;
    private final PrintWriter stderr;

    RuntimeLog(Path file, boolean json, boolean debug, PrintWriter stderr) {
        this.file = file;
        this.json = json;
        this.debug = debug;
        this.stderr = stderr;
    }

    /** Opens (creates) the log file now, so that a log that cannot be written is an error at once, as with runc. */
    void open() {
        if (file != null) {
            try {
                Files.writeString(file, "", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("open log file " + file, e);
            }
        }
    }

    @Override
    public void debug(String message) {
        if (debug) {
            emit("debug", message, false);
        }
    }

    @Override
    public void warn(String message) {
        emit("warning", message, false);
    }

    /** Errors always reach stderr as one "jrun: ..." line, and the log file when there is one. */
    void error(String message) {
        emit("error", message, true);
    }

    private void emit(String level, String message, boolean alsoStderr) {
        if (file == null) {
            stderr.println(alsoStderr ? "jrun: " + message : "jrun: " + level + ": " + message);
            stderr.flush();
            return;
        }
        if (alsoStderr) {
            stderr.println("jrun: " + message);
            stderr.flush();
        }
        try {
            Files.writeString(file, format(level, message) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            // The log is gone: the line goes to stderr unless it is there already.
            if (!alsoStderr) {
                stderr.println("jrun: " + level + ": " + message);
                stderr.flush();
            }
        }
    }

    String format(String level, String message) {
        String time = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        if (json) {
            return "{\"level\":\"" + level + "\",\"msg\":" + Json.quote(message) + ",\"time\":\"" + time + "\"}";
        }
        return "time=\"" + time + "\" level=" + level + " msg=" + Json.quote(message);
    }
}
