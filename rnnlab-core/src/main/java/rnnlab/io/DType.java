package rnnlab.io;

/** The element types rnnlab reads and writes, named as safetensors names them. */
public enum DType {
    /** IEEE 754 binary32. */
    F32(4),
    /** IEEE 754 binary64. */
    F64(8),
    /** Two's complement 32-bit integer. */
    I32(4),
    /** Two's complement 64-bit integer. */
    I64(8),
    /** Unsigned byte, 0 to 255 (image pixels, labels). */
    U8(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether the elements are integers. */
    public boolean isInteger() {
        return this == I32 || this == I64 || this == U8;
    }
}
