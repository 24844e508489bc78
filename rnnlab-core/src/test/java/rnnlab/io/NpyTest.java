package rnnlab.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static rnnlab.io.IoAssertions.assertMalformed;
import static rnnlab.io.IoAssertions.concat;
import static rnnlab.io.IoAssertions.everyDtype;
import static rnnlab.io.IoAssertions.resource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyTest {

    /**
     * numpy.save of float32 [1, 2], built from the format's description: magic, version 1.0, the
     * header's length (118, little-endian), the dict, 20 spaces of room for the shape to grow,
     * 40 spaces and a newline to end the header at byte 128, then the data.
     */
    private static final byte[] GOLDEN = concat(
            new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0},
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }" + " ".repeat(20 + 40) + "\n").getBytes(ISO_8859_1),
            new byte[] {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, 0x40});

    private static final Tensor F4_2X3 = Tensor.of(new float[] {-1, -0.5f, 0, 0.5f, 1, 1.5f}, 2, 3);

    /** A version 1.0 file of this header dict (unpadded) followed by {@code dataBytes} zero bytes. */
    private static byte[] npy(String dict, int dataBytes) {
        byte[] header = dict.getBytes(ISO_8859_1);
        return concat(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, (byte) (header.length >> 8)},
                header, new byte[dataBytes]);
    }

    private static String dict(String descr, String fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
    }

    @Test
    void readsAndWritesTheFormatsLayout() {
        assertEquals(Tensor.of(new float[] {1, 2}, 2), Npy.read(GOLDEN, "golden.npy"));
        assertArrayEquals(GOLDEN, Npy.toBytes(Tensor.of(new float[] {1, 2}, 2)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f4_2x3.npy", "f8_scalar.npy", "i4_0x3.npy", "i8_4.npy", "u1_2x2.npy"})
    void writesWhatNumpySavesByteForByte(String file) {
        byte[] numpy = resource(file);
        assertArrayEquals(numpy, Npy.toBytes(Npy.read(numpy, file)));
    }

    @Test
    void readsNumpysFilesOfEveryDtype() {
        assertEquals(F4_2X3, Npy.read(resource("f4_2x3.npy"), "f4"));
        assertEquals(Tensor.of(new double[] {-2.5}), Npy.read(resource("f8_scalar.npy"), "f8"));
        assertEquals(Tensor.of(new int[0], 0, 3), Npy.read(resource("i4_0x3.npy"), "i4"));
        assertEquals(Tensor.of(new long[] {-1, 1L << 40, 3, -(1L << 62)}, 4), Npy.read(resource("i8_4.npy"), "i8"));
        assertEquals(Tensor.ofUnsignedBytes(new byte[] {0, (byte) 255, 7, (byte) 128}, 2, 2), Npy.read(resource("u1_2x2.npy"), "u1"));
    }

    @Test
    void readsHeaderVersions2And3() {
        assertEquals(F4_2X3, Npy.read(resource("f4_2x3_v2.npy"), "v2"));
        assertEquals(F4_2X3, Npy.read(resource("f4_2x3_v3.npy"), "v3"));
    }

    @Test
    void reordersFortranOrderAndSwapsBigEndianBytes() {
        float[] cube = new float[24];
        for (int i = 0; i < cube.length; i++) cube[i] = i;
        assertEquals(Tensor.of(cube, 2, 3, 4), Npy.read(resource("f4_fortran_2x3x4.npy"), "fortran"));
        assertEquals(Tensor.of(new double[] {1.5, -2, 3}, 3), Npy.read(resource("f8_big_endian_3.npy"), "big"));
        assertEquals(Tensor.of(IntStream.range(0, 6).toArray(), 2, 3), Npy.read(resource("i4_big_endian_fortran_2x3.npy"), "both"));
    }

    @Test
    void roundTripsEveryDtypeScalarsAndEmptyArraysThroughAFile(@TempDir Path dir) throws Exception {
        for (var named : everyDtype().entrySet()) {
            Path file = dir.resolve(named.getKey() + ".npy");
            Npy.write(file, named.getValue());
            assertEquals(named.getValue(), Npy.read(file), named.getKey());
        }
    }

    @Test
    void writesVersion2WhenTheHeaderOutgrowsVersion1() {
        int[] shape = new int[30000];
        Arrays.fill(shape, 1);
        byte[] bytes = Npy.toBytes(Tensor.of(new float[] {7}, shape));
        assertEquals(2, bytes[6]);
        assertEquals(0, (bytes.length - 4) % 64);
        assertEquals(Tensor.of(new float[] {7}, shape), Npy.read(bytes, "wide"));
    }

    @Test
    void refusesTruncatedFiles() {
        assertMalformed("t", () -> Npy.read(Arrays.copyOf(GOLDEN, 9), "t"), "truncated", "header length");
        assertMalformed("t", () -> Npy.read(Arrays.copyOf(GOLDEN, 100), "t"), "truncated", "the header its length announces needs 118 bytes, 90 remain");
        assertMalformed("t", () -> Npy.read(Arrays.copyOf(GOLDEN, 131), "t"), "truncated", "the data of shape (2,) <f4 needs 8 bytes, 3 remain");
        for (int length = 0; length < GOLDEN.length; length++) {
            byte[] cut = Arrays.copyOf(GOLDEN, length);
            assertMalformed("cut", () -> Npy.read(cut, "cut"));
        }
    }

    @Test
    void refusesOtherFiles() {
        assertMalformed("m", () -> Npy.read("PK\3\4 not numpy".getBytes(ISO_8859_1), "m"), "not a .npy file");
        assertMalformed("m", () -> Npy.read(new byte[0], "m"), "truncated");
        byte[] v4 = GOLDEN.clone();
        v4[6] = 4;
        assertMalformed("v", () -> Npy.read(v4, "v"), "format version 4.0");
        assertMalformed("x", () -> Npy.read(concat(GOLDEN, new byte[] {0}), "x"), "1 unexpected bytes follow the data");
    }

    @Test
    void refusesHeadersNumpyWouldNotWrite() {
        assertMalformed("h", () -> Npy.read(npy("{'descr': '<f4', 'shape': (2,)}", 8), "h"), "keys are 'descr', 'shape', not 'descr', 'fortran_order' and 'shape'");
        assertMalformed("h", () -> Npy.read(npy(dict("<f4", "False", "(2,)").replace("}", "'extra': 1, }"), 8), "h"), "unexpected '1'");
        assertMalformed("h", () -> Npy.read(npy(dict("<f4", "False", "(2)"), 8), "h"), "(n,)");
        assertMalformed("h", () -> Npy.read(npy(dict("<f4", "'False'", "(2,)"), 8), "h"), "True or False fortran_order");
        assertMalformed("h", () -> Npy.read(npy(dict("<f4", "False", "(2,)") + "x", 8), "h"), "more after its dict");
        assertMalformed("h", () -> Npy.read(npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", 8), "h"),
                "'descr' twice");
        assertMalformed("h", () -> Npy.read(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,", 8), "h"), "ends early");
        assertMalformed("h", () -> Npy.read(npy(dict("<f4", "False", "(99999999999999999999,)"), 8), "h"), "too large");
        assertMalformed("h", () -> Npy.read(npy(dict("<f4", "False", "(02,)"), 8), "h"), "leading zero");
        assertMalformed("h", () -> Npy.read(npy(dict("<f4", "False", "(4294967296, 4294967296)"), 8), "h"), "more than");
        assertMalformed("h", () -> Npy.read(npy(dict("<f4", "False", "(4294967296, 0)"), 0), "h"), "more than");
        assertMalformed("h", () -> Npy.read(npy("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2,), }", 8), "h"),
                "structured dtype");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<f2", "<c8", "|b1", "<U3", "|O", "=f4", "|f4", "<i2", "", "f4"})
    void refusesUnsupportedDtypesSayingHowToConvert(String descr) {
        assertMalformed("d", () -> Npy.read(npy(dict(descr, "False", "(2,)"), 8), "d"),
                "dtype " + Input.quote(descr) + " is not one rnnlab reads", "astype(numpy.float32)");
    }
}
