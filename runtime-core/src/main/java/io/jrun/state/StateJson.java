package io.jrun.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jrun.cgroup.CgroupMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * state.json, read and written with jackson-core's streaming API: every command but spec reads it,
 * and databind's binding (reflection, annotation proxies, classes the AOT cache does not hold)
 * cost a cold command ~100 ms more (docs/performance.md). Unknown fields are skipped.
 */
final class StateJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private StateJson() {}

    static byte[] write(ContainerState s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ociVersion", s.ociVersion());
            g.writeStringField("id", s.id());
            g.writeNumberField("pid", s.pid());
            g.writeNumberField("pidStartTime", s.pidStartTime());
            g.writeStringField("bundle", s.bundle());
            g.writeStringField("rootfs", s.rootfs());
            g.writeStringField("created", s.created());
            g.writeNumberField("owner", s.owner());
            writeMap(g, "annotations", s.annotations());
            g.writeStringField("cgroupMode", s.cgroupMode() == null ? null : s.cgroupMode().name());
            writeMap(g, "cgroupPaths", s.cgroupPaths());
            g.writeArrayFieldStart("cgroupMade");
            for (String p : s.cgroupMade()) {
                g.writeString(p);
            }
            g.writeEndArray();
            g.writeBooleanField("ownPidNamespace", s.ownPidNamespace());
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void writeMap(JsonGenerator g, String name, Map<String, String> map) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : map.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    static ContainerState read(byte[] json) throws IOException {
        String ociVersion = null, id = null, bundle = null, rootfs = null, created = null;
        int pid = 0, owner = 0;
        long pidStartTime = 0;
        Map<String, String> annotations = null, cgroupPaths = null;
        List<String> cgroupMade = null;
        CgroupMode mode = null;
        boolean ownPidNamespace = false;
        try (JsonParser p = FACTORY.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "ociVersion" -> ociVersion = text(p);
                    case "id" -> id = text(p);
                    case "pid" -> pid = p.getIntValue();
                    case "pidStartTime" -> pidStartTime = p.getLongValue();
                    case "bundle" -> bundle = text(p);
                    case "rootfs" -> rootfs = text(p);
                    case "created" -> created = text(p);
                    case "owner" -> owner = p.getIntValue();
                    case "annotations" -> annotations = readMap(p);
                    case "cgroupMode" -> mode = value == JsonToken.VALUE_NULL ? null : CgroupMode.valueOf(p.getText());
                    case "cgroupPaths" -> cgroupPaths = readMap(p);
                    case "cgroupMade" -> cgroupMade = readList(p);
                    case "ownPidNamespace" -> ownPidNamespace = p.getBooleanValue();
                    default -> p.skipChildren();
                }
            }
            expect(p.currentToken(), JsonToken.END_OBJECT); // not cut short
        } catch (IllegalArgumentException e) {
            throw new IOException(e);
        }
        return new ContainerState(ociVersion, id, pid, pidStartTime, bundle, rootfs, created, owner, annotations, mode,
                cgroupPaths, cgroupMade, ownPidNamespace);
    }

    private static String text(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getValueAsString();
    }

    private static Map<String, String> readMap(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p.currentToken(), JsonToken.START_OBJECT);
        Map<String, String> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            map.put(key, text(p));
        }
        return map;
    }

    private static List<String> readList(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p.currentToken(), JsonToken.START_ARRAY);
        List<String> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(text(p));
        }
        return list;
    }

    private static void expect(JsonToken got, JsonToken wanted) throws IOException {
        if (got != wanted) {
            throw new IOException("expected " + wanted + ", got " + got);
        }
    }
}
