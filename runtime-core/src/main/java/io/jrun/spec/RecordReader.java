package io.jrun.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.jrun.error.InvalidSpecException;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Binds config.json (or a part of it) to the spec records straight from jackson-core's tokens. A
 * cold jrun paid ~100 ms for jackson-databind's binding on every create and exec; this reads the
 * records' own shape by reflection and costs a few. The rules are the ones config.json always had:
 * unknown properties are skipped; no coercion between strings, numbers and booleans; integers must
 * fit their field (uint64 fields take 0..2^64-1 as the same 64 bits); a missing int, long or boolean
 * is required; a null inside a list or map is refused. Syntax errors anywhere in the document come
 * before type errors, as when the whole tree was read first.
 */
final class RecordReader {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    /*
     * What the records' annotations say, for the reader: @JsonProperty names and @Unsigned
     * components. Reading the annotations themselves made a proxy class per annotation type (~3 ms
     * each in a cold JVM); RecordReaderTest checks that these tables and the annotations agree.
     */
    static final Map<String, String> RENAMED = Map.of(
            "LinuxIoPriority.ioClass", "class",
            "ExecCpuAffinity.finalAffinity", "final");
    static final java.util.Set<String> UINT64 = java.util.Set.of(
            "LinuxCpu.shares", "LinuxCpu.burst", "LinuxCpu.period", "LinuxCpu.realtimePeriod",
            "LinuxHugepageLimit.limit", "LinuxMemory.swappiness", "LinuxSeccompArg.value", "LinuxSeccompArg.valueTwo",
            "LinuxThrottleDevice.rate", "PosixRlimit.hard", "PosixRlimit.soft",
            "Scheduler.runtime", "Scheduler.deadline", "Scheduler.period");

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    /** A type error at a path; turned into an InvalidSpecException once the document is known to parse. */
    private static final class BindError extends RuntimeException {
        final String field;
        final String reason;

        BindError(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
            this.reason = reason;
        }
    }

    private final JsonParser p;
    private final String prefix;
    private final List<Object> path = new ArrayList<>(); // field names and list indexes

    private RecordReader(JsonParser p, String prefix) {
        this.p = p;
        this.prefix = prefix;
    }

    /** source names the input in syntax errors; prefix goes before field paths ("linux.resources."). */
    static <T> T read(byte[] json, Class<T> type, String source, String prefix) {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidSpecException(source, "empty file");
            }
            RecordReader reader = new RecordReader(p, prefix);
            BindError bad = null;
            Object value = null;
            if (first != JsonToken.START_OBJECT) {
                bad = new BindError(source, "expected an object, got " + describe(first));
            } else {
                try {
                    value = reader.record(type);
                } catch (BindError e) {
                    bad = e;
                }
            }
            // the rest of the document must parse, and nothing may follow it
            while (!p.getParsingContext().inRoot()) {
                p.nextToken();
            }
            if (p.nextToken() != null) {
                throw syntaxError(source, p.currentTokenLocation(), "unexpected data after the JSON value");
            }
            if (bad != null) {
                throw new InvalidSpecException(bad.field, bad.reason);
            }
            return type.cast(value);
        } catch (JsonProcessingException e) {
            throw syntaxError(source, e.getLocation(), clean(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidSpecException(source, "invalid JSON: " + clean(e.getMessage()));
        }
    }

    /** At START_OBJECT; returns after its END_OBJECT. */
    private Object record(Class<?> type) throws IOException {
        Shape shape = SHAPES.get(type);
        Object[] args = new Object[shape.components.length];
        boolean[] seen = new boolean[args.length];
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            p.nextToken();
            Integer i = shape.index.get(name);
            if (i == null) {
                p.skipChildren(); // an extension: the spec allows them
                continue;
            }
            path.add(name);
            args[i] = value(shape.components[i], shape.components[i].type, false);
            seen[i] = true;
            path.removeLast();
        }
        for (int i = 0; i < args.length; i++) {
            Component c = shape.components[i];
            if (c.primitive() && !seen[i]) {
                path.add(c.json());
                throw error("required");
            }
        }
        try {
            return shape.constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw error(String.valueOf(e.getCause().getMessage()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make " + type.getSimpleName(), e);
        }
    }

    /** The value at the current token, for a component (c) or an element of one (inside). */
    private Object value(Component c, Type type, boolean inside) throws IOException {
        JsonToken t = p.currentToken();
        Class<?> raw = raw(type);
        if (t == JsonToken.VALUE_NULL) {
            if (inside || raw.isPrimitive()) {
                throw error("expected " + expected(raw) + ", got null");
            }
            return null;
        }
        if (raw == String.class) {
            return t == JsonToken.VALUE_STRING ? p.getText() : mismatch(raw, t);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE ? t == JsonToken.VALUE_TRUE : mismatch(raw, t);
        }
        if (raw == int.class || raw == Integer.class) {
            if (t != JsonToken.VALUE_NUMBER_INT) {
                return mismatch(raw, t);
            }
            if (p.getNumberType() != JsonParser.NumberType.INT) {
                throw error("number out of range: " + p.getText());
            }
            return p.getIntValue();
        }
        if (raw == long.class || raw == Long.class) {
            if (t != JsonToken.VALUE_NUMBER_INT) {
                return mismatch(raw, t);
            }
            if (c.uint64() && !inside) {
                BigInteger v = p.getBigIntegerValue();
                if (v.signum() < 0 || v.compareTo(TWO_64) >= 0) {
                    throw error("number out of range: " + p.getText());
                }
                return v.longValue();
            }
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw error("number out of range: " + p.getText());
            }
            return p.getLongValue();
        }
        if (raw == List.class) {
            if (t != JsonToken.START_ARRAY) {
                return mismatch(raw, t);
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                path.add(i);
                list.add(value(c, element, true));
                path.removeLast();
            }
            return list;
        }
        if (raw == Map.class) {
            if (t != JsonToken.START_OBJECT) {
                return mismatch(raw, t);
            }
            Type valueType = ((ParameterizedType) type).getActualTypeArguments()[1];
            Map<String, Object> map = new LinkedHashMap<>();
            for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
                String key = p.currentName();
                p.nextToken();
                path.add(key);
                map.put(key, value(c, valueType, true));
                path.removeLast();
            }
            return map;
        }
        if (raw.isRecord()) {
            return t == JsonToken.START_OBJECT ? record(raw) : mismatch(raw, t);
        }
        throw new IllegalStateException("no JSON binding for " + type);
    }

    private Object mismatch(Class<?> raw, JsonToken t) {
        throw error("expected " + expected(raw) + ", got " + describe(t));
    }

    private BindError error(String reason) {
        return new BindError(prefix + dotted(path), reason);
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) type;
    }

    /** config.json's own words for a Java type. */
    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == List.class) {
            return "an array";
        }
        return "an object";
    }

    static String describe(JsonToken t) {
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            default -> "nothing";
        };
    }

    /** process.user.uid, mounts[2].destination, linux.sysctl["net.ipv4.ip_forward"]. */
    static String dotted(List<Object> path) {
        StringBuilder out = new StringBuilder();
        for (Object ref : path) {
            if (ref instanceof String name) {
                if (!PLAIN_KEY.matcher(name).matches()) {
                    out.append("[\"").append(name).append("\"]");
                } else {
                    out.append(out.isEmpty() ? "" : ".").append(name);
                }
            } else {
                out.append('[').append(ref).append(']');
            }
        }
        return out.isEmpty() ? SpecParser.FILE_FIELD : out.toString();
    }

    static InvalidSpecException syntaxError(String source, JsonLocation at, String detail) {
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new InvalidSpecException(source, "invalid JSON" + where + ": " + detail);
    }

    /** Jackson's message cut to one line, without source excerpts or code points, in lower case. */
    static String clean(String message) {
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
        if (s.length() > 120) {
            s = s.substring(0, 120) + "...";
        }
        return s.isEmpty() ? "malformed" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * One record component: its JSON name ("class" and "final" are renamed), whether it is a
     * primitive (required), and whether it is {@link Unsigned}.
     */
    private record Component(String json, Type type, boolean primitive, boolean uint64) {}

    private record Shape(Constructor<?> constructor, Component[] components, Map<String, Integer> index) {
        static Shape of(Class<?> type) {
            RecordComponent[] rcs = type.getRecordComponents();
            if (rcs == null) {
                throw new IllegalStateException(type + " is not a record");
            }
            Class<?>[] params = new Class<?>[rcs.length];
            Component[] components = new Component[rcs.length];
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < rcs.length; i++) {
                RecordComponent rc = rcs[i];
                params[i] = rc.getType();
                String key = type.getSimpleName() + "." + rc.getName();
                String json = RENAMED.getOrDefault(key, rc.getName());
                boolean uint64 = UINT64.contains(key);
                components[i] = new Component(json, rc.getGenericType(), rc.getType().isPrimitive(), uint64);
                index.put(json, i);
            }
            try {
                return new Shape(type.getDeclaredConstructor(params), components, index);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("no canonical constructor in " + type, e);
            }
        }
    }
}
