package io.jrun.cli;

import io.jrun.error.UsageException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes and durations on the command line, read as runc reads them (go-units, Go durations). */
final class Units {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp])?i?b?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private Units() {}

    /** "64m", "1g", "1048576", "512KiB"; binary multiples; "-1" means unlimited. */
    static long bytes(String option, String text) {
        if (text.equals("-1")) {
            return -1;
        }
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new UsageException(option + ": invalid size \"" + text + "\"");
        }
        double value = Double.parseDouble(m.group(1));
        int shift = m.group(2) == null ? 0 : switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 50;
        };
        return (long) (value * (1L << shift));
    }

    /** Go's time.ParseDuration: "5s", "100ms", "1m30s". */
    static Duration duration(String option, String text) {
        Matcher m = DURATION_PART.matcher(text.strip());
        long nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double v = Double.parseDouble(m.group(1));
            double unit = switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            nanos += (long) (v * unit);
            end = m.end();
        }
        if (end == 0 || end != text.strip().length() || nanos <= 0) {
            throw new UsageException(option + ": invalid duration \"" + text + "\" (e.g. 5s, 500ms)");
        }
        return Duration.ofNanos(nanos);
    }
}
