package rnnlab.math;

/**
 * Pure-Java {@link Blas}: no native code, always available, one thread, about 10–25 GFLOP/s
 * at B = 64 on the development machine (OpenBLAS is 3–4× faster).
 *
 * <p>C2 vectorises {@code acc[j] += s·row[j]} only when both arrays are indexed by the same
 * {@code j}: with two different offsets into flat arrays it must assume they may overlap and
 * stays scalar (3–5 GFLOP/s). So a KC×NC block of op(B) is first packed into the rows of a
 * {@code float[][]} panel (which also undoes a transposition), and each row segment of C is
 * updated in a scratch row {@code acc} and copied back. The panel fits in L2 and is reused by
 * every row of C. Narrow products (fewer than 8 columns of C), and products with Bᵀ and one or
 * two rows of C (where transposing B would cost more than the product), use dot products.
 *
 * <p>Scratch space is kept per thread, so an instance may be shared between threads and a
 * call allocates nothing once a thread has made its first call.
 */
public final class JavaBlas implements Blas {
    /** Rows of op(B) per packed panel; KC·NC floats (256 KiB) stay in L2. */
    static final int KC = 128;
    /** Columns of op(B) per packed panel; one row of C (2 KiB) stays in L1. */
    static final int NC = 512;
    /** Products with fewer columns of C than this use dot products: rows too short to vectorise. */
    static final int NARROW = 8;
    /**
     * Products with Bᵀ and fewer rows of C than this use dot products: transposing B into the
     * panel (about 0.5 ns per element) would cost more than the product.
     */
    static final int FEW_ROWS = 3;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread packed panel of op(B) and one row segment of C. */
    private static final class Scratch {
        final float[][] panel = new float[KC][NC];
        final float[] acc = new float[NC];
    }

    /** Creates a (stateless) instance. */
    public JavaBlas() {}

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (GemmSupport.checkedTrivial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc)) {
            return;
        }
        if (n < NARROW || transB && m < FEW_ROWS) {
            dotProducts(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc);
        } else {
            GemmSupport.scale(beta, c, cOff, ldc, m, n);
            packed(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        }
    }

    @Override
    public String name() {
        return "java";
    }

    /** C += alpha·op(A)·op(B), one packed KC×NC panel of op(B) at a time. */
    private static void packed(boolean transA, boolean transB, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc) {
        Scratch s = SCRATCH.get();
        float[][] panel = s.panel;
        float[] acc = s.acc;
        int aRowStep = transA ? 1 : lda; // from op(A)[i][p] to op(A)[i+1][p]
        int aColStep = transA ? lda : 1; // from op(A)[i][p] to op(A)[i][p+1]
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nw = Math.min(NC, n - j0);
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kw = Math.min(KC, k - p0);
                if (transB) {
                    packTransposed(b, bOff + j0 * ldb + p0, ldb, kw, nw, panel);
                } else {
                    pack(b, bOff + p0 * ldb + j0, ldb, kw, nw, panel);
                }
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + j0;
                    System.arraycopy(c, ci, acc, 0, nw);
                    rowUpdate(alpha, a, aOff + i * aRowStep + p0 * aColStep, aColStep,
                            panel, kw, acc, nw);
                    System.arraycopy(acc, 0, c, ci, nw);
                }
            }
        }
    }

    /** panel[p][0..nw) = B[p][0..nw) for p < kw, B row-major from b[off] with stride ld. */
    private static void pack(float[] b, int off, int ld, int kw, int nw, float[][] panel) {
        for (int p = 0; p < kw; p++) {
            System.arraycopy(b, off + p * ld, panel[p], 0, nw);
        }
    }

    /** panel[p][j] = B[j][p]: B stored nw×kw from b[off] with stride ld. */
    private static void packTransposed(float[] b, int off, int ld, int kw, int nw,
                                       float[][] panel) {
        // Four rows of B at a time: four contiguous reads feed each panel row.
        int j = 0;
        for (; j + 4 <= nw; j += 4) {
            int r0 = off + j * ld, r1 = r0 + ld, r2 = r1 + ld, r3 = r2 + ld;
            for (int p = 0; p < kw; p++) {
                float[] row = panel[p];
                row[j] = b[r0 + p];
                row[j + 1] = b[r1 + p];
                row[j + 2] = b[r2 + p];
                row[j + 3] = b[r3 + p];
            }
        }
        for (; j < nw; j++) {
            int r = off + j * ld;
            for (int p = 0; p < kw; p++) {
                panel[p][j] = b[r + p];
            }
        }
    }

    /**
     * acc[0..nw) += alpha·Σ_p x[p]·panel[p][0..nw), with x[p] = a[ai + p·as]. Four panel rows
     * per pass, so acc is loaded and stored a quarter as often.
     */
    private static void rowUpdate(float alpha, float[] a, int ai, int as, float[][] panel,
                                  int kw, float[] acc, int nw) {
        int p = 0;
        for (; p + 4 <= kw; p += 4, ai += 4 * as) {
            float s0 = alpha * a[ai], s1 = alpha * a[ai + as];
            float s2 = alpha * a[ai + 2 * as], s3 = alpha * a[ai + 3 * as];
            float[] b0 = panel[p], b1 = panel[p + 1], b2 = panel[p + 2], b3 = panel[p + 3];
            for (int j = 0; j < nw; j++) {
                acc[j] += s0 * b0[j] + s1 * b1[j] + s2 * b2[j] + s3 * b3[j];
            }
        }
        for (; p < kw; p++, ai += as) {
            float s = alpha * a[ai];
            float[] row = panel[p];
            for (int j = 0; j < nw; j++) {
                acc[j] += s * row[j];
            }
        }
    }

    /** C = alpha·op(A)·op(B) + beta·C by dot products of rows of op(A) and columns of op(B). */
    private static void dotProducts(boolean transA, boolean transB, int m, int n, int k,
                                    float alpha, float[] a, int aOff, int lda,
                                    float[] b, int bOff, int ldb,
                                    float beta, float[] c, int cOff, int ldc) {
        int aRowStep = transA ? 1 : lda, aColStep = transA ? lda : 1;
        int bColStep = transB ? ldb : 1, bRowStep = transB ? 1 : ldb; // op(B)[p][j] moves
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * aRowStep;
            int ci = cOff + i * ldc;
            int j = 0;
            if (!transA && transB) { // both operands contiguous: four columns of C per pass
                for (; j + 4 <= n; j += 4) {
                    dot4(a, ai, b, bOff + j * ldb, ldb, k, alpha, beta, c, ci + j);
                }
            }
            for (; j < n; j++) {
                store(alpha * dot(a, ai, aColStep, b, bOff + j * bColStep, bRowStep, k), beta,
                        c, ci + j);
            }
        }
    }

    /**
     * c[ci..ci+4) = alpha·(x·y_r) + beta·c for the four contiguous rows y_r = y[yi + r·ld ..] of
     * length len: each x[p] is loaded once for four products, and the four sums are independent.
     */
    private static void dot4(float[] x, int xi, float[] y, int yi, int ld, int len,
                             float alpha, float beta, float[] c, int ci) {
        int y1 = yi + ld, y2 = y1 + ld, y3 = y2 + ld;
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        for (int p = 0; p < len; p++) {
            float v = x[xi + p];
            s0 += v * y[yi + p];
            s1 += v * y[y1 + p];
            s2 += v * y[y2 + p];
            s3 += v * y[y3 + p];
        }
        store(alpha * s0, beta, c, ci);
        store(alpha * s1, beta, c, ci + 1);
        store(alpha * s2, beta, c, ci + 2);
        store(alpha * s3, beta, c, ci + 3);
    }

    /** c[ci] = d + beta·c[ci], ignoring the old value when beta is 0. */
    private static void store(float d, float beta, float[] c, int ci) {
        c[ci] = beta == 0f ? d : d + beta * c[ci];
    }

    /** Σ_p x[xi + p·xs]·y[yi + p·ys], four partial sums to hide the add latency. */
    private static float dot(float[] x, int xi, int xs, float[] y, int yi, int ys, int len) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        int p = 0;
        for (; p + 4 <= len; p += 4, xi += 4 * xs, yi += 4 * ys) {
            s0 += x[xi] * y[yi];
            s1 += x[xi + xs] * y[yi + ys];
            s2 += x[xi + 2 * xs] * y[yi + 2 * ys];
            s3 += x[xi + 3 * xs] * y[yi + 3 * ys];
        }
        for (; p < len; p++, xi += xs, yi += ys) {
            s0 += x[xi] * y[yi];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
