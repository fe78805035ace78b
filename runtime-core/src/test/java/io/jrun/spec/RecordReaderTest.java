package io.jrun.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordReaderTest {
    /** The reader's tables say what the annotations of every record reachable from Spec say. */
    @Test
    void itsTablesAgreeWithTheAnnotations() {
        Map<String, String> renamed = new HashMap<>();
        Set<String> uint64 = new HashSet<>();
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(java.util.List.of(Spec.class));
        while (!todo.isEmpty()) {
            Class<?> type = todo.pop();
            if (!type.isRecord() || !seen.add(type)) {
                continue;
            }
            for (RecordComponent rc : type.getRecordComponents()) {
                String key = type.getSimpleName() + "." + rc.getName();
                JsonProperty p = rc.getAccessor().getAnnotation(JsonProperty.class);
                if (p != null) {
                    renamed.put(key, p.value());
                }
                if (rc.getAccessor().isAnnotationPresent(Unsigned.class)) {
                    uint64.add(key);
                }
                addTypes(rc.getGenericType(), todo);
            }
        }
        assertEquals(renamed, RecordReader.RENAMED);
        assertEquals(uint64, RecordReader.UINT64);
    }

    private static void addTypes(Type t, Deque<Class<?>> todo) {
        if (t instanceof ParameterizedType pt) {
            for (Type a : pt.getActualTypeArguments()) {
                addTypes(a, todo);
            }
        } else if (t instanceof Class<?> c) {
            todo.push(c);
        }
    }
}
