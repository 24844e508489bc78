package rnnlab.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnnlab.io.IoAssertions.assertMalformed;
import static rnnlab.io.IoAssertions.everyDtype;
import static rnnlab.io.IoAssertions.resource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    private static final byte[] CENTRAL = {'P', 'K', 1, 2};
    private static final byte[] LOCAL = {'P', 'K', 3, 4};
    private static final byte[] END = {'P', 'K', 5, 6};

    private static final Map<String, Tensor> TWO = twoArrays();

    private static Map<String, Tensor> twoArrays() {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("a", Tensor.of(new float[] {1, 2, 3}, 3));
        arrays.put("b", Tensor.of(new int[] {4, 5}, 2));
        return arrays;
    }

    private static void assertNumpysArrays(SequencedMap<String, Tensor> arrays) {
        assertEquals(List.of("weight", "bias", "step"), List.copyOf(arrays.keySet()));
        assertEquals(Tensor.of(new float[] {-1, -0.5f, 0, 0.5f, 1, 1.5f}, 2, 3), arrays.get("weight"));
        assertEquals(Tensor.of(new double[] {0.25, -0.5, 1}, 3), arrays.get("bias"));
        assertEquals(Tensor.of(new long[] {7}), arrays.get("step"));
    }

    @Test
    void readsNumpysSavezAndSavezCompressed() {
        assertNumpysArrays(Npz.read(resource("arrays.npz"), "arrays.npz"));
        assertNumpysArrays(Npz.read(resource("arrays_compressed.npz"), "arrays_compressed.npz"));
    }

    @Test
    void roundTripsEveryDtypeStoredAndDeflatedThroughAFile(@TempDir Path dir) throws Exception {
        Npz.write(dir.resolve("stored.npz"), everyDtype());
        Npz.writeCompressed(dir.resolve("deflated.npz"), everyDtype());
        for (String name : List.of("stored.npz", "deflated.npz")) {
            SequencedMap<String, Tensor> read = Npz.read(dir.resolve(name));
            assertEquals(everyDtype(), read, name);
            assertEquals(List.copyOf(everyDtype().keySet()), List.copyOf(read.keySet()), name);
        }
        assertEquals(Map.of(), Npz.read(Npz.toBytes(Map.of(), true), "empty.npz"));
    }

    @Test
    void writesTheSameBytesForTheSameArrays() {
        assertTrue(Arrays.equals(Npz.toBytes(everyDtype(), true), Npz.toBytes(everyDtype(), true)));
    }

    @Test
    void refusesTruncatedArchivesWhereverTheyAreCut() {
        byte[] bytes = resource("arrays_compressed.npz");
        assertMalformed("t", () -> Npz.read(Arrays.copyOf(bytes, bytes.length - 1), "t"), "no end of central directory record");
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertMalformed("t", () -> Npz.read(cut, "t"));
        }
    }

    @Test
    void refusesFilesThatAreNotZipArchivesOfNpyArrays() {
        assertMalformed("n", () -> Npz.read(resource("f4_2x3.npy"), "n"), "not a zip archive");
        assertMalformed("n", () -> Npz.read(zip("readme.txt", "hello".getBytes(ISO_8859_1)), "n"), "entry 'readme.txt' is not a .npy array");
        assertMalformed("n", () -> Npz.read(zip("w.npy", "not numpy".getBytes(ISO_8859_1)), "n"), "n: in entry 'w.npy': not a .npy file");
    }

    @Test
    void refusesDamagedEntries() {
        byte[] crc = Npz.toBytes(TWO, false);
        crc[indexOf(crc, LOCAL, 0) + 30 + "a.npy".length() + 128] ^= 1;
        assertMalformed("c", () -> Npz.read(crc, "c"), "entry 'a.npy' is damaged: its CRC-32 does not match");

        byte[] method = Npz.toBytes(TWO, false);
        method[indexOf(method, CENTRAL, 0) + 10] = 12;
        assertMalformed("m", () -> Npz.read(method, "m"), "compression method 12");

        byte[] encrypted = Npz.toBytes(TWO, true);
        encrypted[indexOf(encrypted, CENTRAL, 0) + 8] |= 1;
        assertMalformed("e", () -> Npz.read(encrypted, "e"), "encrypted");

        byte[] zip64 = Npz.toBytes(TWO, true);
        putShort(zip64, indexOf(zip64, END, 0) + 10, 0xFFFF);
        assertMalformed("z", () -> Npz.read(zip64, "z"), "zip64");
    }

    @Test
    void refusesEntriesThatOverlapOrShareAName() {
        byte[] overlap = Npz.toBytes(TWO, false);
        int second = indexOf(overlap, CENTRAL, indexOf(overlap, CENTRAL, 0) + 1);
        overlap[second + 46] = 'a';
        putInt(overlap, second + 42, 0);
        assertMalformed("o", () -> Npz.read(overlap, "o"), "entries 'a.npy' and 'a.npy' overlap");

        byte[] twice = Npz.toBytes(TWO, false);
        twice[indexOf(twice, LOCAL, 1) + 30] = 'a';
        twice[second + 46] = 'a';
        assertMalformed("d", () -> Npz.read(twice, "d"), "two entries are called 'a.npy'");
    }

    /**
     * A zip bomb's entry claims a small size and inflates to far more, or claims a huge size it
     * does not hold: either way the reader stops at the claimed size and allocates only what comes.
     */
    @Test
    void readsAnEntryOnlyUpToItsDeclaredSize() {
        byte[] big = Npz.toBytes(Map.of("zeros", Tensor.of(new float[4_000_000], 4_000_000)), true);
        assertTrue(big.length < 20_000, "4,000,000 zero floats deflate to " + big.length + " bytes");
        putInt(big, indexOf(big, CENTRAL, 0) + 24, 1000);
        assertMalformed("b", () -> Npz.read(big, "b"), "inflates to more than the 1000 bytes");

        byte[] claims = Npz.toBytes(TWO, true);
        putInt(claims, indexOf(claims, CENTRAL, 0) + 24, 0x7FFFFFF0);
        assertMalformed("c", () -> Npz.read(claims, "c"), "holds 140 bytes, not the 2147483632");
    }

    private static byte[] zip(String name, byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        for (int i = from; i <= bytes.length - pattern.length; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) return i;
        }
        throw new AssertionError("pattern not found");
    }

    private static void putShort(byte[] bytes, int at, int value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
    }

    private static void putInt(byte[] bytes, int at, int value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    }
}
