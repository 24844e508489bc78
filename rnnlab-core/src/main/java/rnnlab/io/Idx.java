package rnnlab.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads <a href="http://yann.lecun.com/exdb/mnist/">IDX</a> files, the format of MNIST and
 * Fashion-MNIST: a big-endian magic number (two zero bytes, a type code, the number of
 * dimensions), each dimension as a big-endian int32, then the elements, big-endian, C order.
 * MNIST's images are magic 0x00000803, uint8 [N, rows, cols]; its labels 0x00000801, uint8 [N].
 *
 * <p>Reads the type codes 0x08 (unsigned byte, as U8), 0x0C (int32), 0x0D (float32) and 0x0E
 * (float64), and refuses 0x09 (signed byte) and 0x0B (int16). A gzip-compressed file (as the
 * datasets are often distributed, {@code .gz}) is recognised by its first bytes and read
 * through; it is decompressed only as far as its header says the file reaches.
 */
public final class Idx {
    private static final String FIX = "download the file again";
    /** The magic number and up to 255 dimensions. */
    private static final int MAX_HEADER_BYTES = 4 + 4 * 255;

    private Idx() {}

    private record Header(DType dtype, int[] shape, long dataBytes) {}

    /** Reads an IDX file, gzip-compressed or not. */
    public static Tensor read(Path file) throws IOException {
        return read(Input.readFile(file, FIX), file.toString());
    }

    /**
     * Reads IDX bytes held in memory, gzip-compressed or not.
     *
     * @param name the file's name for messages
     * @throws MalformedFileException on bytes that break the format or an unsupported type code
     */
    public static Tensor read(byte[] bytes, String name) {
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B) bytes = gunzip(bytes, name);
        Input in = new Input(bytes, name, FIX);
        Header h = header(in);
        byte[] data = in.take(h.dataBytes, "the data of shape " + Arrays.toString(h.shape) + " " + h.dtype);
        in.requireEnd("the data");
        return Tensor.wrapBigEndian(h.dtype, h.shape, data);
    }

    private static Header header(Input in) {
        int magic = in.i32be("the magic number");
        if (magic >>> 16 != 0) {
            throw in.fail(String.format("not an IDX file: its magic number 0x%08x does not begin with two zero bytes", magic));
        }
        DType dtype = dtype(in, magic >>> 8 & 0xFF);
        int rank = magic & 0xFF;
        if (rank == 0) throw in.fail("the magic number says the data has no dimensions");
        int[] shape = new int[rank];
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = in.i32be("dimension " + (i + 1) + " of " + rank);
            dims[i] = shape[i];
            if (shape[i] < 0) throw in.fail("dimension " + (i + 1) + " is " + Integer.toUnsignedString(shape[i]) + ", beyond what IDX files hold");
        }
        long count = Tensor.elementCount(dims);
        if (count < 0 || count * dtype.byteSize() > Tensor.MAX_BYTES) {
            throw in.fail("shape " + Arrays.toString(shape) + " of " + dtype + " is more than rnnlab reads into one array");
        }
        return new Header(dtype, shape, count * dtype.byteSize());
    }

    private static DType dtype(Input in, int code) {
        return switch (code) {
            case 0x08 -> DType.U8;
            case 0x0C -> DType.I32;
            case 0x0D -> DType.F32;
            case 0x0E -> DType.F64;
            case 0x09, 0x0B -> throw in.fail(String.format("IDX type 0x%02x (%s) is not one rnnlab reads (0x08 uint8, 0x0C int32, 0x0D float32, 0x0E float64)",
                    code, code == 0x09 ? "signed byte" : "int16"), "convert the data to one of those types");
            default -> throw in.fail(String.format("not an IDX file: type code 0x%02x is not one of IDX's 0x08 to 0x0E", code));
        };
    }

    /**
     * Decompresses the header first, then only as many bytes as it announces, plus one to see
     * that nothing follows: a small file cannot make the reader allocate more than it holds.
     */
    private static byte[] gunzip(byte[] gz, String name) {
        try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            byte[] start = unzipped.readNBytes(MAX_HEADER_BYTES);
            Input in = new Input(start, name, FIX);
            long dataBytes = header(in).dataBytes;
            long size = in.position() + dataBytes;
            if (size + 1 > Tensor.MAX_BYTES) throw in.fail("the decompressed file would exceed " + Tensor.MAX_BYTES + " bytes");
            byte[] rest = unzipped.readNBytes((int) Math.max(0, size + 1 - start.length));
            byte[] all = Arrays.copyOf(start, start.length + rest.length);
            System.arraycopy(rest, 0, all, start.length, rest.length);
            return all;
        } catch (IOException e) {
            throw new MalformedFileException(name, "not a valid gzip file (" + Input.quote(String.valueOf(e.getMessage())) + ")", FIX);
        }
    }
}
