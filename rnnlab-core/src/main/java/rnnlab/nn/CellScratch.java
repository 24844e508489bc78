package rnnlab.nn;

/**
 * One shard's scratch arrays for the cells' element-wise work on a block of rows.
 *
 * <p>C2 vectorises a loop only when it can prove that its stores do not overlap its loads,
 * which it cannot for two offsets into flat arrays (the trace's rows of step t and t−1, or of
 * two gate blocks): those loops run scalar, three to ten times slower. So a cell copies the
 * block's rows into these arrays, each indexed from 0, computes with loops that index every
 * array by the same {@code k}, and copies the results back. The copies are
 * {@link System#arraycopy}; the loops also run over whole blocks (rows · H elements), not one
 * row of H at a time, which the JIT's unrolled vector loops need to pay off.
 *
 * <p>A block is at most {@link #rows()} rows, {@value #BLOCK_ELEMENTS} elements per array (at
 * least one row), so that the arrays a cell uses stay in the L2 cache together.
 */
final class CellScratch {
    /** Elements per scratch array when H divides it: nine arrays of 8 KiB. */
    static final int BLOCK_ELEMENTS = 2048;
    /** Arrays per shard: the most any cell uses at once (the LSTM's backward). */
    static final int ARRAYS = 9;

    private final int rows;
    private final float[][] arrays;

    CellScratch(int hiddenSize) {
        rows = Math.max(1, BLOCK_ELEMENTS / hiddenSize);
        arrays = new float[ARRAYS][rows * hiddenSize];
    }

    /** The most rows of one block. */
    int rows() {
        return rows;
    }

    /** Scratch array i (0 ≤ i < {@link #ARRAYS}), {@code rows() · H} floats. */
    float[] array(int i) {
        return arrays[i];
    }

    /** dst[r·width + j] = src[off + r·stride + j] for r < rows, j < width: one column block of rows gathered. */
    static void gather(float[] src, int off, int stride, int rows, int width, float[] dst) {
        for (int r = 0; r < rows; r++) System.arraycopy(src, off + r * stride, dst, r * width, width);
    }

    /** The inverse of {@link #gather}: dst[off + r·stride + j] = src[r·width + j]. */
    static void scatter(float[] src, int rows, int width, float[] dst, int off, int stride) {
        for (int r = 0; r < rows; r++) System.arraycopy(src, r * width, dst, off + r * stride, width);
    }
}
