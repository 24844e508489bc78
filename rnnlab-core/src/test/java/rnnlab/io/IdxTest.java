package rnnlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnnlab.io.IoAssertions.assertMalformed;
import static rnnlab.io.IoAssertions.concat;
import static rnnlab.io.IoAssertions.gzip;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    /** Two 3x4 images with pixels 0, 10, ..., 230; MNIST's layout. */
    static final byte[] IMAGES = idx(0x08, new int[] {2, 3, 4}, pixels());
    static final byte[] LABELS = idx(0x08, new int[] {5}, new byte[] {7, 2, 1, 0, 9});

    private static byte[] pixels() {
        byte[] p = new byte[24];
        for (int i = 0; i < p.length; i++) p[i] = (byte) (10 * i);
        return p;
    }

    /** An IDX file: magic 0x0000TTDD, the dimensions big-endian, the data as given. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length).putInt(type << 8 | dims.length);
        for (int d : dims) header.putInt(d);
        return concat(header.array(), data);
    }

    @Test
    void readsMnistImagesAndLabels() {
        assertArrayEquals(new byte[] {0, 0, 8, 3}, Arrays.copyOf(IMAGES, 4), "magic 0x00000803");
        Tensor images = Idx.read(IMAGES, "images");
        assertEquals(DType.U8, images.dtype());
        assertArrayEquals(new int[] {2, 3, 4}, images.shape());
        assertEquals(230, images.asInts()[23]);
        assertEquals(230f, images.asFloats()[23]);
        assertArrayEquals(new int[] {7, 2, 1, 0, 9}, Idx.read(LABELS, "labels").asInts());
    }

    @Test
    void readsTheOtherIdxTypesBigEndian() {
        byte[] ints = ByteBuffer.allocate(8).putInt(-1).putInt(70000).array();
        assertEquals(Tensor.of(new int[] {-1, 70000}, 2), Idx.read(idx(0x0C, new int[] {2}, ints), "i"));
        byte[] floats = ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-0f).array();
        assertEquals(Tensor.of(new float[] {1.5f, -0f}, 1, 2), Idx.read(idx(0x0D, new int[] {1, 2}, floats), "f"));
        byte[] doubles = ByteBuffer.allocate(8).putDouble(-2.25).array();
        assertEquals(Tensor.of(new double[] {-2.25}, 1), Idx.read(idx(0x0E, new int[] {1}, doubles), "d"));
        assertEquals(Tensor.ofUnsignedBytes(new byte[0], 0, 28, 28), Idx.read(idx(0x08, new int[] {0, 28, 28}, new byte[0]), "none"));
    }

    @Test
    void readsGzipCompressedFilesTransparently(@TempDir Path dir) throws Exception {
        assertEquals(Idx.read(IMAGES, "plain"), Idx.read(gzip(IMAGES), "gz"));
        byte[] larger = idx(0x08, new int[] {3, 28, 28}, new byte[3 * 28 * 28]);
        assertEquals(Idx.read(larger, "plain"), Idx.read(gzip(larger), "gz"), "more than the first kilobyte");
        Path file = dir.resolve("train-labels-idx1-ubyte.gz");
        Files.write(file, gzip(LABELS));
        assertEquals(Idx.read(LABELS, "plain"), Idx.read(file));
    }

    /** Debian's dataset-fashion-mnist ships the four files gzip-compressed; read them if it is installed. */
    @Test
    void readsFashionMnistAsDebianShipsIt() throws Exception {
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        Assumptions.assumeTrue(Files.isDirectory(dir), "dataset-fashion-mnist is not installed");
        Tensor images = Idx.read(dir.resolve("train-images-idx3-ubyte.gz"));
        Tensor labels = Idx.read(dir.resolve("train-labels-idx1-ubyte.gz"));
        assertArrayEquals(new int[] {60000, 28, 28}, images.shape());
        assertArrayEquals(new int[] {60000}, labels.shape());
        assertTrue(Arrays.stream(labels.asInts()).allMatch(l -> l >= 0 && l < 10));
        assertArrayEquals(new int[] {10000, 28, 28}, Idx.read(dir.resolve("t10k-images-idx3-ubyte.gz")).shape());
    }

    @Test
    void refusesTruncatedFilesWhereverTheyAreCut() {
        assertMalformed("t", () -> Idx.read(Arrays.copyOf(IMAGES, 30), "t"),
                "truncated", "the data of shape [2, 3, 4] U8 needs 24 bytes, 14 remain");
        assertMalformed("t", () -> Idx.read(Arrays.copyOf(IMAGES, 10), "t"), "truncated", "dimension 2 of 3");
        for (byte[] file : new byte[][] {IMAGES, gzip(IMAGES)}) {
            for (int length = 0; length < file.length; length++) {
                byte[] cut = Arrays.copyOf(file, length);
                assertMalformed("t", () -> Idx.read(cut, "t"));
            }
        }
    }

    @Test
    void refusesWrongMagicNumbersAndUnsupportedTypes() {
        assertMalformed("m", () -> Idx.read("PK\3\4rest".getBytes(), "m"), "not an IDX file", "0x504b0304");
        assertMalformed("m", () -> Idx.read(idx(0x05, new int[] {1}, new byte[1]), "m"), "type code 0x05");
        assertMalformed("m", () -> Idx.read(idx(0x09, new int[] {1}, new byte[1]), "m"), "0x09 (signed byte)", "convert");
        assertMalformed("m", () -> Idx.read(idx(0x0B, new int[] {1}, new byte[2]), "m"), "0x0b (int16)");
        assertMalformed("m", () -> Idx.read(idx(0x08, new int[0], new byte[1]), "m"), "no dimensions");
    }

    @Test
    void refusesSizesThatDisagreeWithTheData() {
        assertMalformed("s", () -> Idx.read(concat(LABELS, new byte[3]), "s"), "3 unexpected bytes follow the data");
        assertMalformed("s", () -> Idx.read(gzip(concat(LABELS, new byte[3])), "s"), "3 unexpected bytes follow the data");
        assertMalformed("s", () -> Idx.read(idx(0x08, new int[] {-1}, new byte[0]), "s"), "dimension 1 is 4294967295");
        assertMalformed("s", () -> Idx.read(idx(0x08, new int[] {65536, 65536, 65536}, new byte[1]), "s"), "more than rnnlab reads");
        assertMalformed("s", () -> Idx.read(gzip(idx(0x08, new int[] {60000, 28, 28}, new byte[10])), "s"), "truncated");
    }

    @Test
    void refusesDamagedGzip() {
        byte[] gz = gzip(LABELS);
        gz[gz.length - 8] ^= 1;
        assertMalformed("g", () -> Idx.read(gz, "g"), "not a valid gzip file");
        assertMalformed("g", () -> Idx.read(new byte[] {0x1F, (byte) 0x8B, 8}, "g"), "not a valid gzip file");
    }
}
