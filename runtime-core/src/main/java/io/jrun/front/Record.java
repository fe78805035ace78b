package io.jrun.front;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One record of a front/brain message: an op code and byte-string fields (docs/shim-protocol.md). */
public record Record(int op, List<byte[]> fields) {
    public Record {
        fields = List.copyOf(fields);
    }

    public static Record of(int op, Object... values) {
        List<byte[]> f = new ArrayList<>(values.length);
        for (Object v : values) {
            f.add(v instanceof byte[] b ? b : String.valueOf(v).getBytes(StandardCharsets.UTF_8));
        }
        return new Record(op, f);
    }

    public static Record ofStrings(int op, List<String> values) {
        return of(op, values.toArray());
    }

    public String string(int i) {
        return i < fields.size() ? new String(fields.get(i), StandardCharsets.UTF_8) : "";
    }

    public long number(int i) {
        return Long.parseLong(string(i));
    }

    public List<String> strings() {
        List<String> out = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            out.add(string(i));
        }
        return out;
    }
}
