package io.jrun.spec;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.jrun.error.InvalidSpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes config.json. Unknown properties are ignored (the spec allows extensions), but
 * types are strict: no string-to-number, number-to-string, scalar-to-array or fraction-to-integer
 * coercion. Every failure is an {@link InvalidSpecException} naming the JSON path
 * ({@code mounts[2].destination}) with a short reason. Reading is {@link RecordReader}'s (jackson-core
 * tokens); writing, and {@link #newMapper()} for other documents, jackson-databind's with the same rules.
 */
public final class SpecParser {
    /** The field named when the problem is the file itself rather than one value in it. */
    public static final String FILE_FIELD = "config.json";

    /** Writing goes through databind, loaded only by the commands that write (spec, update). */
    private static final class Writers {
        static final ObjectMapper MAPPER = newMapper();
        static final ObjectWriter PRETTY = MAPPER.writer(prettyPrinter());
        static final ObjectWriter COMPACT = MAPPER.writer();
    }

    private SpecParser() {}

    public static Spec parse(Path configJson) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(configJson);
        } catch (NoSuchFileException e) {
            throw new InvalidSpecException(FILE_FIELD, "no such file: " + configJson);
        } catch (IOException e) {
            throw new InvalidSpecException(FILE_FIELD, "cannot read " + configJson + ": " + e.getMessage());
        }
        return parse(bytes);
    }

    public static Spec parse(byte[] json) {
        return parse(json, Spec.class, FILE_FIELD, "");
    }

    /**
     * Any part of the model from its own JSON document (update's resources): source names the input
     * in syntax errors, prefix is put before the field paths of type errors ("linux.resources.").
     */
    public static <T> T parse(byte[] json, Class<T> type, String source, String prefix) {
        return RecordReader.read(json, type, source, prefix);
    }

    /** Pretty JSON, 2-space indent, as written by {@code jrun spec}. No trailing newline. */
    public static String toJson(Spec spec) {
        return write(Writers.PRETTY, spec);
    }

    /** Single-line JSON, for state files and the shim. */
    public static String toCompactJson(Spec spec) {
        return write(Writers.COMPACT, spec);
    }

    /** A new mapper with the same strict rules, for other documents that embed spec records. */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // [null] in a list or {"k": null} in a map would otherwise reach List.copyOf.
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .withCoercionConfig(LogicalType.Textual, c -> fail(c::setCoercion,
                        CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Integer, c -> fail(c::setCoercion, CoercionInputShape.Float,
                        CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Boolean, c -> fail(c::setCoercion, CoercionInputShape.Integer,
                        CoercionInputShape.Float, CoercionInputShape.String, CoercionInputShape.EmptyString))
                .withCoercionConfig(LogicalType.Float, c -> fail(c::setCoercion,
                        CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Boolean))
                .build();
    }

    private interface CoercionSetter {
        Object set(CoercionInputShape shape, CoercionAction action);
    }

    private static void fail(CoercionSetter setter, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            setter.set(shape, CoercionAction.Fail);
        }
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(
                Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }

    private static String write(ObjectWriter writer, Spec spec) {
        try {
            return writer.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize spec", e); // records always serialize
        }
    }
}
