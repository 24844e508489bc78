package rnnlab.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An immutable n-dimensional array as the file formats store it: an element type, a shape, and
 * the elements in C (row-major) order. Shape {@code []} is a scalar of one element; a dimension
 * may be 0. The elements are held as little-endian bytes, at most {@link #MAX_BYTES} of them
 * (one Java array), and converted on the way out by {@link #asFloats()} and its siblings.
 */
public final class Tensor {
    /** The most bytes of data a tensor holds: the largest Java byte array. */
    public static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private final DType dtype;
    private final int[] shape;
    private final byte[] data;

    private Tensor(DType dtype, int[] shape, byte[] data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /** An F32 tensor of a copy of {@code data}; {@code shape} must hold exactly its elements. */
    public static Tensor of(float[] data, int... shape) {
        ByteBuffer b = allocate(DType.F32, data.length, shape);
        b.asFloatBuffer().put(data);
        return new Tensor(DType.F32, shape.clone(), b.array());
    }

    /** An F64 tensor of a copy of {@code data}; {@code shape} must hold exactly its elements. */
    public static Tensor of(double[] data, int... shape) {
        ByteBuffer b = allocate(DType.F64, data.length, shape);
        b.asDoubleBuffer().put(data);
        return new Tensor(DType.F64, shape.clone(), b.array());
    }

    /** An I32 tensor of a copy of {@code data}; {@code shape} must hold exactly its elements. */
    public static Tensor of(int[] data, int... shape) {
        ByteBuffer b = allocate(DType.I32, data.length, shape);
        b.asIntBuffer().put(data);
        return new Tensor(DType.I32, shape.clone(), b.array());
    }

    /** An I64 tensor of a copy of {@code data}; {@code shape} must hold exactly its elements. */
    public static Tensor of(long[] data, int... shape) {
        ByteBuffer b = allocate(DType.I64, data.length, shape);
        b.asLongBuffer().put(data);
        return new Tensor(DType.I64, shape.clone(), b.array());
    }

    /** A U8 tensor of a copy of {@code data}, each byte read as unsigned (0 to 255). */
    public static Tensor ofUnsignedBytes(byte[] data, int... shape) {
        ByteBuffer b = allocate(DType.U8, data.length, shape);
        b.put(data);
        return new Tensor(DType.U8, shape.clone(), b.array());
    }

    /** For the readers: takes ownership of {@code littleEndian}, whose length they have checked. */
    static Tensor wrap(DType dtype, int[] shape, byte[] littleEndian) {
        assert littleEndian.length % dtype.byteSize() == 0;
        checkShape(shape, littleEndian.length / dtype.byteSize());
        return new Tensor(dtype, shape, littleEndian);
    }

    /** For the readers: as {@link #wrap}, swapping {@code bigEndian}'s bytes in place. */
    static Tensor wrapBigEndian(DType dtype, int[] shape, byte[] bigEndian) {
        int w = dtype.byteSize();
        for (int at = 0; at < bigEndian.length; at += w) {
            for (int i = 0, j = w - 1; i < j; i++, j--) {
                byte b = bigEndian[at + i];
                bigEndian[at + i] = bigEndian[at + j];
                bigEndian[at + j] = b;
            }
        }
        return wrap(dtype, shape, bigEndian);
    }

    private static ByteBuffer allocate(DType dtype, int elements, int[] shape) {
        checkShape(shape, elements);
        if ((long) elements * dtype.byteSize() > MAX_BYTES) {
            throw new IllegalArgumentException(elements + " " + dtype + " elements exceed a tensor's "
                    + MAX_BYTES + " bytes; split the data into several tensors");
        }
        return ByteBuffer.allocate(elements * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void checkShape(int[] shape, int elements) {
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) dims[i] = shape[i];
        if (elementCount(dims) != elements) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold the "
                    + elements + " elements given; pass the shape of the data (a scalar is shape [], one element)");
        }
    }

    /**
     * The number of elements of a shape, or -1 if a dimension is negative or the count or a
     * dimension exceeds {@link #MAX_BYTES} (so each fits an int); never overflows, so readers can
     * call it on dimensions read from a file.
     */
    static long elementCount(long[] dims) {
        long count = 1;
        for (long d : dims) {
            if (d < 0 || d > MAX_BYTES) return -1;
            if (d == 0) count = 0;
        }
        if (count == 0) return 0;
        for (long d : dims) {
            if (d > MAX_BYTES / count) return -1;
            count *= d;
        }
        return count;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape; {@code []} for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of dimensions; 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements (1 for a scalar, 0 if a dimension is 0). */
    public int size() {
        return data.length / dtype.byteSize();
    }

    /** The elements as floats, in C order; integers and doubles converted as a Java cast does. */
    public float[] asFloats() {
        float[] out = new float[size()];
        ByteBuffer b = littleEndian();
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F64 -> { for (int i = 0; i < out.length; i++) out[i] = (float) b.getDouble(8 * i); }
            case I32 -> { for (int i = 0; i < out.length; i++) out[i] = b.getInt(4 * i); }
            case I64 -> { for (int i = 0; i < out.length; i++) out[i] = b.getLong(8 * i); }
            case U8 -> { for (int i = 0; i < out.length; i++) out[i] = data[i] & 0xFF; }
        }
        return out;
    }

    /** The elements as doubles, in C order; exact except for I64 values beyond 2^53. */
    public double[] asDoubles() {
        double[] out = new double[size()];
        ByteBuffer b = littleEndian();
        switch (dtype) {
            case F32 -> { for (int i = 0; i < out.length; i++) out[i] = b.getFloat(4 * i); }
            case F64 -> b.asDoubleBuffer().get(out);
            case I32 -> { for (int i = 0; i < out.length; i++) out[i] = b.getInt(4 * i); }
            case I64 -> { for (int i = 0; i < out.length; i++) out[i] = b.getLong(8 * i); }
            case U8 -> { for (int i = 0; i < out.length; i++) out[i] = data[i] & 0xFF; }
        }
        return out;
    }

    /**
     * The elements as ints, in C order: I32 and U8 exactly, I64 if every value fits in an int.
     *
     * @throws IllegalArgumentException for floating-point tensors or an I64 value out of range
     */
    public int[] asInts() {
        long[] values = asLongs();
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) {
            if (values[i] != (int) values[i]) {
                throw new IllegalArgumentException("element " + i + " of this I64 tensor, " + values[i]
                        + ", does not fit in an int; read it with asLongs");
            }
            out[i] = (int) values[i];
        }
        return out;
    }

    /**
     * The elements as longs, in C order.
     *
     * @throws IllegalArgumentException for floating-point tensors
     */
    public long[] asLongs() {
        if (!dtype.isInteger()) {
            throw new IllegalArgumentException("this tensor holds " + dtype + " values, not integers; read it with asFloats or asDoubles");
        }
        long[] out = new long[size()];
        ByteBuffer b = littleEndian();
        switch (dtype) {
            case I32 -> { for (int i = 0; i < out.length; i++) out[i] = b.getInt(4 * i); }
            case I64 -> b.asLongBuffer().get(out);
            case U8 -> { for (int i = 0; i < out.length; i++) out[i] = data[i] & 0xFF; }
            default -> throw new AssertionError(dtype);
        }
        return out;
    }

    /** The elements' little-endian bytes, not copied: for the writers, which must not change them. */
    byte[] littleEndianBytes() {
        return data;
    }

    private ByteBuffer littleEndian() {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Equal dtype, shape and element bits (so a NaN equals the same NaN). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && dtype == t.dtype && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    /** The dtype and shape, e.g. {@code F32[2, 3]}. */
    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
