package io.jrun.spec;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException.Reference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.jrun.error.InvalidSpecException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and writes config.json. Unknown properties are ignored (the spec allows extensions), but
 * types are strict: no string-to-number, number-to-string, scalar-to-array or fraction-to-integer
 * coercion. Every failure is an {@link InvalidSpecException} naming the JSON path
 * ({@code mounts[2].destination}) with a short reason.
 */
public final class SpecParser {
    /** The field named when the problem is the file itself rather than one value in it. */
    public static final String FILE_FIELD = "config.json";

    private static final ObjectMapper MAPPER = newMapper();
    private static final ObjectWriter PRETTY = MAPPER.writer(prettyPrinter());
    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final int MAX_DETAIL = 120;

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
        JsonNode tree = readTree(json, source);
        if (!tree.isObject()) {
            throw new InvalidSpecException(source, "expected an object, got " + describe(tree));
        }
        // Binding from the tree lets an error be explained by the value actually found at its path.
        try {
            return MAPPER.readValue(MAPPER.treeAsTokens(tree), type);
        } catch (JsonMappingException e) {
            InvalidSpecException bad = bindError(e, tree);
            throw prefix.isEmpty() ? bad : new InvalidSpecException(prefix + bad.field(), bad.reason());
        } catch (IOException e) {
            throw new InvalidSpecException(source, clean(e.getMessage()));
        }
    }

    /** Pretty JSON, 2-space indent, as written by {@code jrun spec}. No trailing newline. */
    public static String toJson(Spec spec) {
        return write(PRETTY, spec);
    }

    /** Single-line JSON, for state files and the shim. */
    public static String toCompactJson(Spec spec) {
        return write(COMPACT, spec);
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

    private static JsonNode readTree(byte[] json, String source) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (MismatchedInputException e) { // FAIL_ON_TRAILING_TOKENS
            throw syntaxError(source, e.getLocation(), "unexpected data after the JSON value");
        } catch (JsonProcessingException e) {
            throw syntaxError(source, e.getLocation(), clean(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidSpecException(source, "invalid JSON: " + clean(e.getMessage()));
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidSpecException(source, "empty file");
        }
        return tree;
    }

    private static InvalidSpecException syntaxError(String source, JsonLocation at, String detail) {
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new InvalidSpecException(source, "invalid JSON" + where + ": " + detail);
    }

    private static InvalidSpecException bindError(JsonMappingException e, JsonNode tree) {
        List<Reference> path = e.getPath();
        JsonNode found = locate(tree, path);
        String expected = expected(targetType(e));
        String reason;
        if (isAbsent(tree, path)) { // a required number or boolean, which has no "absent" value
            reason = "required";
        } else if (expected != null && found != null) {
            String got = describe(found);
            if (expected.equals("an integer") && found.isIntegralNumber()) {
                reason = "number out of range: " + found.asText();
            } else if (!expected.equals(got)) {
                reason = "expected " + expected + ", got " + got;
            } else {
                reason = clean(e.getOriginalMessage());
            }
        } else {
            reason = clean(e.getOriginalMessage());
        }
        return new InvalidSpecException(dotted(path), reason);
    }

    private static Class<?> targetType(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MismatchedInputException m && m.getTargetType() != null) {
                return m.getTargetType();
            }
            if (t instanceof InputCoercionException c && c.getTargetType() != null) {
                return c.getTargetType();
            }
        }
        return null;
    }

    /** config.json's own words for a Java type, or null when it has none. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == BigInteger.class) {
            return "an integer";
        }
        if (type == double.class || type == float.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isRecord() || Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return null;
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal number";
            default -> "nothing";
        };
    }

    private static boolean isAbsent(JsonNode tree, List<Reference> path) {
        if (path.isEmpty() || path.getLast().getFieldName() == null) {
            return false;
        }
        JsonNode parent = locate(tree, path.subList(0, path.size() - 1));
        return parent != null && parent.isObject() && !parent.has(path.getLast().getFieldName());
    }

    private static JsonNode locate(JsonNode tree, List<Reference> path) {
        JsonNode node = tree;
        for (Reference ref : path) {
            if (node == null) {
                return null;
            }
            if (ref.getFieldName() != null) {
                node = node.isObject() ? node.get(ref.getFieldName()) : null;
            } else if (ref.getIndex() >= 0) {
                node = node.isArray() ? node.get(ref.getIndex()) : null;
            }
        }
        return node;
    }

    /** process.user.uid, mounts[2].destination, linux.sysctl["net.ipv4.ip_forward"]. */
    static String dotted(List<Reference> path) {
        StringBuilder out = new StringBuilder();
        for (Reference ref : path) {
            String name = ref.getFieldName();
            if (name != null) {
                if (!PLAIN_KEY.matcher(name).matches()) {
                    out.append("[\"").append(name).append("\"]");
                } else {
                    out.append(out.isEmpty() ? "" : ".").append(name);
                }
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? FILE_FIELD : out.toString();
    }

    /** Jackson's message cut to one line, without source excerpts or code points, in lower case. */
    private static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "malformed";
        }
        String s = message.lines().findFirst().orElse("").strip();
        int marker = s.indexOf(" (start marker");
        if (marker >= 0) {
            s = s.substring(0, marker);
        }
        s = s.replaceAll("\\((\\s*'.+?') \\(code \\d+\\)\\)", "$1")
                .replaceAll("\\(\\(CTRL-CHAR, code (\\d+)\\)\\)", "(control character $1)")
                .replaceAll("\\s+", " ");
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.length() > MAX_DETAIL) {
            s = s.substring(0, MAX_DETAIL) + "...";
        }
        return s.isEmpty() ? "malformed" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
