package io.jrun.front;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Encodes and decodes length-prefixed messages of records, little endian (docs/shim-protocol.md). */
public final class Wire {
    static final int MAX_MESSAGE = 64 << 20;

    private Wire() {}

    public static byte[] encode(List<Record> records) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Record r : records) {
            writeShort(body, r.op());
            writeInt(body, r.fields().size());
            for (byte[] f : r.fields()) {
                writeInt(body, f.length);
                body.write(f, 0, f.length);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 4);
        writeInt(out, body.size());
        out.write(body.toByteArray(), 0, body.size());
        return out.toByteArray();
    }

    public static void write(OutputStream out, List<Record> records) throws IOException {
        out.write(encode(records));
        out.flush();
    }

    /** Reads one message; throws EOFException when the stream ends before it. */
    public static List<Record> read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[4];
        data.readFully(header);
        int len = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (len <= 0 || len > MAX_MESSAGE) {
            throw new IOException("bad message length " + len);
        }
        byte[] body = new byte[len];
        data.readFully(body);
        return decode(body);
    }

    static List<Record> decode(byte[] body) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        List<Record> records = new ArrayList<>();
        try {
            while (b.hasRemaining()) {
                int op = Short.toUnsignedInt(b.getShort());
                int n = b.getInt();
                // Each field takes at least its 4-byte length: more than that cannot fit.
                if (n < 0 || n > b.remaining() / 4) {
                    throw new IOException("bad field count " + Integer.toUnsignedString(n));
                }
                List<byte[]> fields = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int flen = b.getInt();
                    if (flen < 0 || flen > b.remaining()) {
                        throw new IOException("bad field length " + flen);
                    }
                    byte[] f = new byte[flen];
                    b.get(f);
                    fields.add(f);
                }
                records.add(new Record(op, fields));
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new EOFException("truncated message");
        }
        if (records.isEmpty()) {
            throw new IOException("empty message");
        }
        return records;
    }

    private static void writeShort(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write((v >>> 16) & 0xFF);
        out.write((v >>> 24) & 0xFF);
    }
}
