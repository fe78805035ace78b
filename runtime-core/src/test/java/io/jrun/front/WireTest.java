package io.jrun.front;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {
    private static List<Record> roundTrip(List<Record> records) throws IOException {
        return Wire.read(new ByteArrayInputStream(Wire.encode(records)));
    }

    private static void assertSameRecords(List<Record> expected, List<Record> actual) {
        assertEquals(expected.size(), actual.size(), "record count");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).op(), actual.get(i).op(), "op of record " + i);
            assertEquals(expected.get(i).fields().size(), actual.get(i).fields().size(), "fields of record " + i);
            for (int j = 0; j < expected.get(i).fields().size(); j++) {
                assertArrayEquals(expected.get(i).fields().get(j), actual.get(i).fields().get(j),
                        "field " + j + " of record " + i);
            }
        }
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void encodesLittleEndianLengthOpCountAndFields() {
        byte[] bytes = Wire.encode(List.of(Record.of(0x0102, "ab")));
        assertArrayEquals(new byte[] {
            12, 0, 0, 0, // message length
            0x02, 0x01, // op
            1, 0, 0, 0, // nfields
            2, 0, 0, 0, 'a', 'b'
        }, bytes);
    }

    @Test
    void numbersAreDecimalAscii() {
        Record r = Record.of(Op.WAIT, 4096, -1L);
        assertEquals(List.of("4096", "-1"), r.strings());
        assertEquals(-1, r.number(1));
    }

    @Test
    void roundTripKeepsNulBytesAndBinaryFields() throws IOException {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        List<Record> records = List.of(
                Record.of(Op.WRITE, 1, new byte[] {0, 'a', 0, 0, 'b', 0}),
                Record.of(Op.DATA, binary),
                Record.of(Op.ENV, "A=x\0y", ""));
        List<Record> back = roundTrip(records);
        assertSameRecords(records, back);
        assertEquals("x\0y", back.get(2).string(0).substring(2));
        assertEquals("", back.get(2).string(1));
    }

    @Test
    void roundTripOfEmptyRecordsAndEmptyFields() throws IOException {
        List<Record> records = List.of(Record.of(Op.READ_STDIN), Record.of(Op.SPAWN), Record.of(7, "", ""),
                Record.of(Op.EXIT));
        List<Record> back = roundTrip(records);
        assertSameRecords(records, back);
        assertTrue(back.get(0).fields().isEmpty());
        assertEquals(6, Wire.encode(List.of(Record.of(Op.READ_STDIN))).length - 4, "an empty record is 6 bytes");
    }

    @Test
    void roundTripOfManyFieldsAndManyRecords() throws IOException {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            many.add("field-" + i);
        }
        List<Record> records = new ArrayList<>();
        records.add(Record.ofStrings(Op.ARGV, many));
        for (int i = 0; i < 300; i++) {
            records.add(Record.of(100 + i % 50, i, "x".repeat(i)));
        }
        records.add(Record.of(0xFFFF, "max op"));
        List<Record> back = roundTrip(records);
        assertSameRecords(records, back);
        assertEquals(many, back.get(0).strings());
        assertEquals(0xFFFF, back.getLast().op());
    }

    @Test
    void moreThan65535FieldsFit() throws IOException {
        // 65536 supplementary groups (NGROUPS_MAX) or a huge environment are valid input
        Object[] many = new Object[0x10001];
        Arrays.fill(many, "");
        assertEquals(0x10001, roundTrip(List.of(Record.of(1, many))).getFirst().fields().size());
    }

    @Test
    void aFieldCountLargerThanTheMessageCouldHoldIsRefused() {
        byte[] body = concat(new byte[] {2, 0}, le32(0x7fffffff));
        assertThrows(IOException.class, () -> Wire.decode(body));
    }

    @Test
    void readsConsecutiveMessagesFromOneStream() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Wire.write(out, List.of(Record.of(Op.SPAWNED, 42)));
        Wire.write(out, List.of(Record.of(Op.EXITED, "exit", 3)));
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertEquals(42, Wire.read(in).getFirst().number(0));
        assertEquals(List.of("exit", "3"), Wire.read(in).getFirst().strings());
        assertThrows(EOFException.class, () -> Wire.read(in));
    }

    @Test
    void refusesZeroNegativeAndOversizedLengths() {
        for (int len : new int[] {0, -1, Integer.MIN_VALUE, Wire.MAX_MESSAGE + 1}) {
            IOException e = assertThrows(IOException.class,
                    () -> Wire.read(new ByteArrayInputStream(concat(le32(len), new byte[8]))), "length " + len);
            assertEquals("bad message length " + len, e.getMessage());
        }
    }

    @Test
    void truncatedHeaderOrBodyIsEndOfStream() {
        assertThrows(EOFException.class, () -> Wire.read(new ByteArrayInputStream(new byte[] {4, 0})));
        byte[] whole = Wire.encode(List.of(Record.of(Op.DATA, "hello")));
        byte[] cut = Arrays.copyOf(whole, whole.length - 2);
        assertThrows(EOFException.class, () -> Wire.read(new ByteArrayInputStream(cut)));
    }

    @Test
    void fieldLongerThanTheMessageIsRefused() {
        byte[] body = concat(new byte[] {2, 0, 1, 0, 0, 0}, le32(100), "abc".getBytes(StandardCharsets.US_ASCII));
        IOException e = assertThrows(IOException.class, () -> Wire.decode(body));
        assertEquals("bad field length 100", e.getMessage());
        byte[] negative = concat(new byte[] {2, 0, 1, 0, 0, 0}, le32(0x80000000), new byte[4]);
        assertEquals("bad field length -2147483648",
                assertThrows(IOException.class, () -> Wire.decode(negative)).getMessage());
    }

    @Test
    void recordCutInsideItsHeaderOrFieldsIsTruncated() {
        // second record has only 3 header bytes
        byte[] body = concat(new byte[] {1, 0, 0, 0, 0, 0}, new byte[] {2, 0, 1});
        assertThrows(EOFException.class, () -> Wire.decode(body));
        // says 2 fields, has 1 (long enough to hold two lengths, so the count passes its check)
        byte[] fewer = concat(new byte[] {2, 0, 2, 0, 0, 0}, le32(1), new byte[] {'x', 'y', 'z', 'w'});
        assertThrows(EOFException.class, () -> Wire.decode(fewer));
        // field length itself cut: the count check already refuses it
        byte[] cutLength = concat(new byte[] {2, 0, 1, 0, 0, 0}, new byte[] {1, 0});
        assertThrows(IOException.class, () -> Wire.decode(cutLength));
    }

    @Test
    void messageWithNoRecordIsRefused() {
        assertThrows(IOException.class, () -> Wire.decode(new byte[0]));
    }
}
