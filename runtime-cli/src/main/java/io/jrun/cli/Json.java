package io.jrun.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON output as runc prints it: 2-space indent, "key": value. Maps, lists, strings, numbers,
 * booleans and enums are written with jackson-core's generator; anything else (the records of
 * `events` and `features`) goes through databind, which only those commands then load.
 */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    private static DefaultPrettyPrinter printer() {
        return new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    }

    static String pretty(Object value) {
        return write(value, true);
    }

    static String compact(Object value) {
        return write(value, false);
    }

    static String quote(String s) {
        return compact(s);
    }

    private static String write(Object value, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(printer());
            }
            if (!simple(value)) {
                g.setCodec(Databind.codec());
            }
            value(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Whether only plain values are inside, so databind is not needed. */
    private static boolean simple(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Enum<?>) {
            return true;
        }
        if (v instanceof Map<?, ?> m) {
            return m.values().stream().allMatch(Json::simple);
        }
        if (v instanceof Iterable<?> it) {
            for (Object o : it) {
                if (!simple(o)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * databind, behind a class of its own: a reference to ObjectMapper in Json itself made the JVM
     * load it (and ~200 classes with it) to verify Json, on every command that prints JSON, and put
     * them in the AOT cache, which every cold command loads at start.
     */
    private static final class Databind {
        static com.fasterxml.jackson.core.ObjectCodec codec() {
            return new com.fasterxml.jackson.databind.ObjectMapper();
        }
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Number n -> g.writeNumber(n.toString());
            case Boolean b -> g.writeBoolean(b);
            case Enum<?> e -> g.writeString(e.name());
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    value(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Iterable<?> it -> {
                g.writeStartArray();
                for (Object o : it) {
                    value(g, o);
                }
                g.writeEndArray();
            }
            default -> g.writeObject(v); // databind, set as codec by write()
        }
    }
}
