package rnnlab.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static rnnlab.io.IoAssertions.assertMalformed;
import static rnnlab.io.IoAssertions.concat;
import static rnnlab.io.IoAssertions.everyDtype;
import static rnnlab.io.IoAssertions.resource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    /** Built byte by byte from the specification: the reference implementation writes exactly these bytes. */
    private static final byte[] GOLDEN = concat(
            new byte[] {80, 0, 0, 0, 0, 0, 0, 0},
            "{\"__metadata__\":{\"k\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}} ".getBytes(UTF_8),
            new byte[] {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0});

    /** A file of this header (not padded) and {@code dataBytes} zero bytes of data. */
    private static byte[] file(String header, int dataBytes) {
        byte[] json = header.getBytes(UTF_8);
        return ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).array();
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    @Test
    void readsAndWritesTheSpecificationsLayout() {
        SafeTensors.Contents c = SafeTensors.read(GOLDEN, "golden.safetensors");
        assertEquals(Map.of("k", "v"), c.metadata());
        assertEquals(Tensor.of(new float[] {1, -2}, 2), c.tensor("a"));
        assertArrayEquals(GOLDEN, SafeTensors.toBytes(Map.of("a", Tensor.of(new float[] {1, -2}, 2)), Map.of("k", "v")));
    }

    @Test
    void readsTheReferenceImplementationsFileAndWritesItBackByteForByte() {
        byte[] bytes = resource("model.safetensors");
        SafeTensors.Contents c = SafeTensors.read(bytes, "model.safetensors");
        assertEquals(List.of("ids", "scale", "weight", "count", "empty"), List.copyOf(c.tensors().keySet()));
        assertEquals(Map.of("format", "np", "note", "rnnlab reference"), c.metadata());
        assertEquals(Tensor.of(new float[] {-1, -0.5f, 0, 0.5f, 1, 1.5f}, 2, 3), c.tensor("weight"));
        assertEquals(Tensor.of(new long[] {3, -4}, 2), c.tensor("ids"));
        assertEquals(Tensor.ofUnsignedBytes(new byte[0], 0, 2), c.tensor("empty"));
        assertEquals(Tensor.of(new double[] {0.125}), c.tensor("scale"));
        assertEquals(Tensor.of(new int[] {1, 2, 3}, 3), c.tensor("count"));
        // Header order is the reference's data order, so writing back in it reproduces the file.
        assertArrayEquals(bytes, SafeTensors.toBytes(c.tensors(), c.metadata()));
    }

    @Test
    void roundTripsEveryDtypeScalarsAndEmptyTensorsThroughAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, everyDtype(), Map.of("step", "100", "ünïcode", "✓"));
        SafeTensors.Contents c = SafeTensors.read(file);
        assertEquals(everyDtype(), c.tensors());
        assertEquals(List.copyOf(everyDtype().keySet()), List.copyOf(c.tensors().keySet()));
        assertEquals(Map.of("step", "100", "ünïcode", "✓"), c.metadata());
        assertEquals(0, (Files.readAllBytes(file).length - 8 - c.tensors().values().stream()
                .mapToInt(t -> t.size() * t.dtype().byteSize()).sum()) % 8, "header padded to a multiple of 8");
        assertEquals(List.of(file), List.copyOf(Files.list(dir).toList()));
    }

    @Test
    void writesNoMetadataWhenThereIsNone() {
        byte[] bytes = SafeTensors.toBytes(Map.of("x", Tensor.of(new int[] {1}, 1)), Map.of());
        assertEquals("{\"x\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}  ",
                new String(bytes, 8, bytes.length - 12, UTF_8), "54 bytes of JSON padded to 56");
        assertEquals(Map.of(), SafeTensors.read(bytes, "x").metadata());
    }

    @Test
    void namesAMissingTensorAndThoseThereAre() {
        var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(GOLDEN, "g").tensor("b"));
        assertEquals("no tensor named 'b'; the file has 'a'", e.getMessage());
    }

    @Test
    void refusesToNameATensorLikeTheMetadata() {
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.toBytes(Map.of("__metadata__", Tensor.of(new int[] {1}, 1)), Map.of()));
    }

    @Test
    void refusesTruncatedFiles() {
        assertMalformed("t", () -> SafeTensors.read(new byte[] {80, 0, 0}, "t"), "truncated", "header length needs 8 bytes");
        assertMalformed("t", () -> SafeTensors.read(java.util.Arrays.copyOf(GOLDEN, 40), "t"), "truncated", "says 80 bytes, 32 follow");
        assertMalformed("t", () -> SafeTensors.read(java.util.Arrays.copyOf(GOLDEN, GOLDEN.length - 1), "t"),
                "truncated", "tensor 'a' ends at byte 8 of the data, which has 7");
    }

    @Test
    void refusesAHeaderLongerThanTheReferenceLimit() {
        byte[] huge = file("{}", 0);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 100_000_001);
        assertMalformed("h", () -> SafeTensors.read(huge, "h"), "header length 100000001", "100000000");
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1);
        assertMalformed("h", () -> SafeTensors.read(huge, "h"), "18446744073709551615");
    }

    @Test
    void refusesAHeaderThatIsNotAJsonObjectOfEntries() {
        assertMalformed("j", () -> SafeTensors.read(file("[1, 2]", 0), "j"), "does not begin with '{'");
        assertMalformed("j", () -> SafeTensors.read(file("", 0), "j"), "does not begin with '{'");
        assertMalformed("j", () -> SafeTensors.read(file("{\"a\":", 0), "j"), "not valid JSON");
        assertMalformed("j", () -> SafeTensors.read(file("{}{}", 0), "j"), "more after its JSON object");
        assertMalformed("j", () -> SafeTensors.read(file("{\"a\":1}", 0), "j"), "tensor 'a' does not have a dtype");
        assertMalformed("j", () -> SafeTensors.read(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 0), "j"), "data_offsets");
        assertMalformed("j", () -> SafeTensors.read(file("{" + entry("a", "F32", "[2.0]", 0, 8) + "}", 8), "j"), "natural numbers");
        assertMalformed("j", () -> SafeTensors.read(file("{" + entry("a", "F32", "[-2]", 0, 8) + "}", 8), "j"), "natural numbers");
        byte[] latin1 = file("{\"\u00ff\":1}", 0);
        latin1[10] = (byte) 0xFF;
        latin1[11] = '"';
        latin1[12] = ':';
        assertMalformed("j", () -> SafeTensors.read(latin1, "j"), "not valid UTF-8");
    }

    @Test
    void refusesDuplicateNames() {
        String a = entry("a", "F32", "[1]", 0, 4);
        assertMalformed("d", () -> SafeTensors.read(file("{" + a + "," + a + "}", 4), "d"), "'a' appears twice");
        assertMalformed("d", () -> SafeTensors.read(file("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "d"),
                "not valid JSON");
    }

    @Test
    void refusesMetadataThatIsNotStrings() {
        assertMalformed("m", () -> SafeTensors.read(file("{\"__metadata__\":{\"k\":1}}", 0), "m"), "__metadata__");
        assertMalformed("m", () -> SafeTensors.read(file("{\"__metadata__\":[\"k\"]}", 0), "m"), "__metadata__");
    }

    @Test
    void refusesUnsupportedDtypesSayingHowToConvert() {
        assertMalformed("bf", () -> SafeTensors.read(file("{" + entry("w", "BF16", "[2]", 0, 4) + "}", 4), "bf"),
                "tensor 'w' has dtype 'BF16'", "model.float()");
        assertMalformed("x", () -> SafeTensors.read(file("{" + entry("w", "X9", "[2]", 0, 4) + "}", 4), "x"), "'X9'");
    }

    @Test
    void refusesOffsetsThatDoNotMatchTheShape() {
        assertMalformed("s", () -> SafeTensors.read(file("{" + entry("a", "F32", "[3]", 0, 8) + "}", 8), "s"),
                "holding 8 bytes", "needs 12");
        assertMalformed("s", () -> SafeTensors.read(file("{" + entry("a", "F32", "[0]", 8, 0) + "}", 8), "s"), "end before they begin");
        assertMalformed("s", () -> SafeTensors.read(file("{" + entry("a", "U8", "[4294967296,4294967296]", 0, 8) + "}", 8), "s"),
                "more than a tensor can hold");
        assertMalformed("s", () -> SafeTensors.read(file("{" + entry("a", "U8", "[4294967296,0]", 0, 0) + "}", 0), "s"),
                "more than a tensor can hold");
        assertMalformed("s", () -> SafeTensors.read(file("{" + entry("a", "U8", "[4]", 0, 99999999999999999L) + "}", 8), "s"),
                "holding");
    }

    @Test
    void refusesOffsetsOutOfRangeOverlappingOrLeavingGaps() {
        assertMalformed("o", () -> SafeTensors.read(file("{" + entry("a", "F32", "[2]", 8, 16) + "}", 8), "o"),
                "truncated", "ends at byte 16");
        String overlapping = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}";
        assertMalformed("o", () -> SafeTensors.read(file(overlapping, 12), "o"), "'a' and 'b' overlap");
        String gap = "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}";
        assertMalformed("o", () -> SafeTensors.read(file(gap, 12), "o"), "bytes 4 to 8 of the data belong to no tensor");
        assertMalformed("o", () -> SafeTensors.read(file("{" + entry("a", "F32", "[1]", 0, 4) + "}", 9), "o"),
                "the last 5 bytes of the data belong to no tensor");
        assertMalformed("o", () -> SafeTensors.read(file("{}", 1), "o"), "last 1 bytes");
    }

    @Test
    void acceptsEmptyTensorsAnywhereInTheData() {
        String header = "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("e", "F64", "[0,5]", 4, 4) + ","
                + entry("f", "I32", "[0]", 0, 0) + "," + entry("b", "U8", "[2]", 4, 6) + "}";
        SafeTensors.Contents c = SafeTensors.read(file(header, 6), "e");
        assertEquals(List.of("a", "e", "f", "b"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new int[] {0, 5}, c.tensor("e").shape());
    }
}
