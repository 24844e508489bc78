package rnnlab.math;

/**
 * {@link FixedMatrix} by {@link Blas#gemm}: op(B) = Bᵀ is copied once into a plain [k × n]
 * matrix, since BLAS runs the product without a transposed operand 15–35 % faster at 16–64 rows
 * (OpenBLAS 0.3.21) with the same bits from {@link #PLAIN_MIN_ROWS} rows on; fewer rows take B
 * itself (OpenBLAS and {@link JavaBlas} run one or two rows as dot products, whose rounding
 * differs between the two layouts). op(B) = B is used in place.
 */
final class GemmFixedMatrix implements FixedMatrix {
    static final int PLAIN_MIN_ROWS = 3;
    /** Column parts start at multiples of 64: whole cache lines and vector blocks of the BLAS's kernels. */
    static final int COLUMN_ALIGN = 64;
    /** The side of the transpose's square tiles. */
    private static final int TILE = 16;
    private final Blas blas;
    private final boolean transB;
    private final int k, n;
    private final float[] b;
    private final int bOff, ldb;
    private final float[] plain; // op(B) as [k × n] when transB; else kept only as storage for a later one (or null)

    private GemmFixedMatrix(Blas blas, boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] plain) {
        this.blas = blas;
        this.transB = transB;
        this.k = k;
        this.n = n;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        this.plain = plain;
    }

    /**
     * op(B) of b for products by blas; reuses the copy of {@code reuse} when it has the size, and
     * passes it on when op(B) = B needs none (a layer alternates W_hhᵀ and W_hh in one field).
     */
    static GemmFixedMatrix of(Blas blas, boolean transB, int k, int n, float[] b, int bOff, int ldb, FixedMatrix reuse) {
        float[] plain = reuse instanceof GemmFixedMatrix g ? g.plain : null;
        if (transB) {
            if (plain == null || plain.length != k * n) plain = new float[k * n];
            transpose(b, bOff, ldb, n, k, plain);
        }
        return new GemmFixedMatrix(blas, transB, k, n, b, bOff, ldb, plain);
    }

    /**
     * out[k × n] := (b[n × k])ᵀ in 16 × 16 tiles, the inner loop along a row of out (its writes
     * contiguous). Along a row of b instead, the writes were rows·4 bytes apart, on power-of-two
     * strides that fall in one set of the L1 cache: at 2048 × 512 (W_hh of an LSTM at H = 512,
     * transposed at every forward pass on the caller's thread) 4.4 ms against 1.5 here, on Zen 3.
     */
    private static void transpose(float[] b, int bOff, int ldb, int rows, int cols, float[] out) {
        for (int j0 = 0; j0 < cols; j0 += TILE) {
            for (int i0 = 0; i0 < rows; i0 += TILE) {
                for (int j = j0, jEnd = Math.min(j0 + TILE, cols); j < jEnd; j++) {
                    for (int i = i0, iEnd = Math.min(i0 + TILE, rows), to = j * rows; i < iEnd; i++) {
                        out[to + i] = b[bOff + i * ldb + j];
                    }
                }
            }
        }
    }

    @Override
    public int k() {
        return k;
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int columnSplit(int part, int parts) {
        return GemmSupport.columnSplit(n, COLUMN_ALIGN, part, parts);
    }

    @Override
    public void multiplyAddColumns(int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc, int from, int to) {
        GemmSupport.columnRange(n, COLUMN_ALIGN, from, to);
        GemmSupport.matrix("C", c, cOff, ldc, m, n); // all of C, as for the whole product
        int cols = to - from;
        if (transB && m >= PLAIN_MIN_ROWS) {
            blas.gemm(false, false, m, cols, k, 1f, a, aOff, lda, plain, from, n, 1f, c, cOff + from, ldc);
        } else if (transB) {
            blas.gemm(false, true, m, cols, k, 1f, a, aOff, lda, b, bOff + from * ldb, ldb, 1f, c, cOff + from, ldc);
        } else {
            blas.gemm(false, false, m, cols, k, 1f, a, aOff, lda, b, bOff + from, ldb, 1f, c, cOff + from, ldc);
        }
    }
}
