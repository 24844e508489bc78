package rnnlab.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and writes numpy's <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">.npy</a>
 * files: {@code \x93NUMPY}, a version byte pair, the header's length (2 bytes little-endian in
 * version 1.0, 4 in 2.0 and 3.0), the header (a Python dict literal of {@code descr},
 * {@code fortran_order} and {@code shape}, padded with spaces to a multiple of 64 bytes and
 * ending in a newline), then the elements.
 *
 * <p>Reads the dtypes float32, float64, int32, int64 and uint8 ({@code '<f4'}, {@code '<f8'},
 * {@code '<i4'}, {@code '<i8'}, {@code '|u1'}); big-endian data ({@code '>f4'}) is byte-swapped
 * and Fortran-order data reordered to C order, so every array reads as numpy shows it. Refuses
 * other dtypes (float16, complex, strings, Python objects, structured dtypes) by name. Writes
 * version 1.0 (2.0 if the header needs it), little-endian, C order, byte for byte as
 * {@code numpy.save} does.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final String FIX = "save it again with numpy.save";
    /** numpy pads headers so that the data begins at a multiple of this. */
    private static final int ALIGN = 64;
    /** numpy leaves room in the header for the growing axis to reach this many digits. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private Npy() {}

    /** Reads a .npy file. */
    public static Tensor read(Path file) throws IOException {
        return read(Input.readFile(file, FIX), file.toString());
    }

    /**
     * Reads .npy bytes held in memory.
     *
     * @param name the file's name for messages
     * @throws MalformedFileException on bytes that break the format or an unsupported dtype
     */
    public static Tensor read(byte[] bytes, String name) {
        return read(new Input(bytes, name, FIX));
    }

    /** Reads one array that fills {@code in} to its end. */
    static Tensor read(Input in) {
        checkMagic(in);
        int major = in.u8("the format version");
        int minor = in.u8("the format version");
        if (major < 1 || major > 3 || minor != 0) {
            throw in.fail("format version " + major + "." + minor + " is not one rnnlab reads (1.0, 2.0 and 3.0)");
        }
        long headerLength = major == 1 ? in.u16le("the header length") : in.u32le("the header length");
        byte[] header = in.take(headerLength, "the header its length announces");
        NpyHeader h = NpyHeader.parse(in, text(in, header, major));
        DType dtype = dtype(in, h.descr());
        long count = Tensor.elementCount(h.shape());
        if (count < 0 || count * dtype.byteSize() > Tensor.MAX_BYTES) {
            throw in.fail("shape " + tuple(h.shape()) + " is more than an array rnnlab reads can hold");
        }
        byte[] data = in.take(count * dtype.byteSize(), "the data of shape " + tuple(h.shape()) + " " + h.descr());
        in.requireEnd("the data");
        int[] shape = Arrays.stream(h.shape()).mapToInt(d -> (int) d).toArray();
        if (h.fortranOrder()) data = fortranToC(data, dtype.byteSize(), shape);
        return h.descr().charAt(0) == '>' ? Tensor.wrapBigEndian(dtype, shape, data) : Tensor.wrap(dtype, shape, data);
    }

    private static void checkMagic(Input in) {
        byte[] start = in.take(Math.min(MAGIC.length, in.remaining()), "the magic string");
        if (!Arrays.equals(start, Arrays.copyOf(MAGIC, start.length))) {
            throw in.fail("not a .npy file: it does not begin with \\x93NUMPY");
        }
        in.require(MAGIC.length - start.length, "the magic string");
    }

    /** Versions 1.0 and 2.0 write the header in Latin-1, 3.0 in UTF-8. */
    private static String text(Input in, byte[] header, int major) {
        if (major < 3) return new String(header, StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw in.fail("the header of this version 3.0 file is not valid UTF-8");
        }
    }

    /** A byte-order character ({@code <}, {@code >}, {@code |} for single bytes) and a supported type. */
    private static DType dtype(Input in, String descr) {
        String type = descr.isEmpty() ? "" : descr.substring(1);
        DType dtype = switch (type) {
            case "f4" -> DType.F32;
            case "f8" -> DType.F64;
            case "i4" -> DType.I32;
            case "i8" -> DType.I64;
            case "u1" -> DType.U8;
            default -> null;
        };
        String order = descr.isEmpty() ? "" : descr.substring(0, 1);
        boolean knownOrder = order.equals("<") || order.equals(">") || (order.equals("|") && dtype == DType.U8);
        if (dtype == null || !knownOrder) {
            throw in.fail("dtype " + Input.quote(descr) + " is not one rnnlab reads ('<f4', '<f8', '<i4', '<i8', '|u1', or big-endian '>')",
                    "convert the array before saving, e.g. with array.astype(numpy.float32)");
        }
        return dtype;
    }

    /** Fortran order lists the first axis fastest: walk the C-order index and step the Fortran offset. */
    private static byte[] fortranToC(byte[] fortran, int itemSize, int[] shape) {
        if (shape.length < 2) return fortran;
        long[] stride = new long[shape.length];
        for (int axis = 0, s = 1; axis < shape.length; s *= shape[axis], axis++) stride[axis] = s;
        byte[] c = new byte[fortran.length];
        int[] index = new int[shape.length];
        long from = 0;
        for (int to = 0; to < c.length; to += itemSize) {
            System.arraycopy(fortran, (int) from * itemSize, c, to, itemSize);
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                from += stride[axis];
                if (++index[axis] < shape[axis]) break;
                from -= stride[axis] * shape[axis];
                index[axis] = 0;
            }
        }
        return c;
    }

    /** Writes {@code tensor} as a .npy file, atomically. */
    public static void write(Path file, Tensor tensor) throws IOException {
        AtomicFiles.write(file, toBytes(tensor));
    }

    /** The bytes numpy.save writes for this array. */
    public static byte[] toBytes(Tensor tensor) {
        int[] shape = tensor.shape();
        String dict = "{'descr': '" + descr(tensor.dtype()) + "', 'fortran_order': False, 'shape': "
                + tuple(Arrays.stream(shape).asLongStream().toArray()) + ", }";
        if (shape.length > 0) dict += " ".repeat(GROWTH_AXIS_MAX_DIGITS - String.valueOf(shape[0]).length());
        byte[] header = dict.getBytes(StandardCharsets.ISO_8859_1);
        int major = paddedLength(header, 1) <= 0xFFFF ? 1 : 2;
        int prefix = prefixLength(major);
        int headerLength = paddedLength(header, major);
        byte[] data = tensor.littleEndianBytes();
        if ((long) prefix + headerLength + data.length > Tensor.MAX_BYTES) {
            throw new IllegalArgumentException("a .npy file of " + tensor + " exceeds " + Tensor.MAX_BYTES + " bytes; split the array");
        }
        ByteBuffer out = ByteBuffer.allocate(prefix + headerLength + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) out.putShort((short) headerLength);
        else out.putInt(headerLength);
        out.put(header);
        while (out.position() < prefix + headerLength - 1) out.put((byte) ' ');
        out.put((byte) '\n').put(data);
        return out.array();
    }

    private static int prefixLength(int major) {
        return MAGIC.length + 2 + (major == 1 ? 2 : 4);
    }

    /** The header with numpy's padding: spaces (at least one) and a newline, ending at a multiple of 64. */
    private static int paddedLength(byte[] header, int major) {
        int unpadded = prefixLength(major) + header.length + 1;
        return header.length + 1 + ALIGN - unpadded % ALIGN;
    }

    private static String descr(DType dtype) {
        return switch (dtype) {
            case F32 -> "<f4";
            case F64 -> "<f8";
            case I32 -> "<i4";
            case I64 -> "<i8";
            case U8 -> "|u1";
        };
    }

    /** A shape as Python writes a tuple: (), (5,), (2, 3). */
    private static String tuple(long[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        return "(" + String.join(", ", Arrays.stream(shape).mapToObj(Long::toString).toList()) + ")";
    }
}
