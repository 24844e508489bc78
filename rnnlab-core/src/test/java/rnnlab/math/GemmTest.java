package rnnlab.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every available {@link Blas} against a double-precision triple loop. */
class GemmTest {

    static Stream<String> kinds() {
        return Stream.of("java", "system", "bundled");
    }

    /** The implementation, or the test is skipped (BlasProviderTest insists where it must load). */
    static Blas blas(String kind) {
        try {
            return BlasProvider.create(kind);
        } catch (IllegalStateException e) {
            Assumptions.abort(kind + " not available: " + e.getMessage());
            throw e;
        }
    }

    /** One gemm call: shape, flags, scalars and storage layout. */
    record Case(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                int aOff, int lda, int bOff, int ldb, int cOff, int ldc) {
        int aRows() { return ta ? k : m; }
        int aCols() { return ta ? m : k; }
        int bRows() { return tb ? n : k; }
        int bCols() { return tb ? k : n; }

        /** Dense storage with the given offsets and padding of the leading dimensions. */
        static Case of(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                       int off, int pad) {
            return new Case(ta, tb, m, n, k, alpha, beta,
                    off, (ta ? m : k) + pad, off + 1, (tb ? k : n) + pad, off + 2, n + pad);
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        boolean[] tf = {false, true};
        float[] betas = {0f, 1f, 0.5f};
        int[][] shapes = {
            {1, 1, 1}, {0, 5, 3}, {5, 0, 3}, {5, 3, 0}, {0, 0, 0}, {1, 7, 1}, {7, 1, 5},
            {3, 4, 5}, {7, 13, 9}, {8, 13, 9}, {9, 33, 17}, {64, 33, 129},
            {3, 530, 260}, {20, 1030, 131}, {130, 70, 3}, {2, 600, 5}, {2, 13, 37},
        };
        for (int[] s : shapes) {
            for (boolean ta : tf) {
                for (boolean tb : tf) {
                    for (float beta : betas) {
                        cases.add(Case.of(ta, tb, s[0], s[1], s[2], -1.7f, beta, 3, 2));
                    }
                    cases.add(Case.of(ta, tb, s[0], s[1], s[2], 1f, 0f, 0, 0));
                }
            }
        }
        Random r = new Random(42);
        for (int i = 0; i < 300; i++) {
            cases.add(new Case(r.nextBoolean(), r.nextBoolean(), dim(r), dim(r), dim(r),
                    new float[] {1f, -1f, 0.37f, 2.5f, 0f}[r.nextInt(5)], betas[r.nextInt(3)],
                    r.nextInt(6), -1, r.nextInt(6), -1, r.nextInt(6), -1));
        }
        return cases.stream().map(c -> c.lda >= 0 ? c : withRandomPadding(c, r)).toList();
    }

    private static int dim(Random r) {
        int x = r.nextInt(10);
        return x == 0 ? 0 : x < 5 ? 1 + r.nextInt(8) : 1 + r.nextInt(70);
    }

    private static Case withRandomPadding(Case c, Random r) {
        return new Case(c.ta, c.tb, c.m, c.n, c.k, c.alpha, c.beta,
                c.aOff, c.aCols() + r.nextInt(4), c.bOff, c.bCols() + r.nextInt(4),
                c.cOff, c.n + r.nextInt(4));
    }

    static Stream<Object[]> kindsAndCases() {
        List<Case> cases = cases();
        return kinds().map(k -> new Object[] {k, cases});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kindsAndCases")
    void matchesTripleLoop(String kind, List<Case> cases) {
        Blas blas = blas(kind);
        Random r = new Random(7);
        for (Case c : cases) {
            run(blas, c, r);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void alphaZeroReadsNeitherAnorB(String kind) {
        Blas blas = blas(kind);
        float[] a = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        float[] c = {1f, 2f, 3f, 4f};
        blas.gemm(false, false, 2, 2, 2, 0f, a, 0, 2, a, 0, 2, 0.5f, c, 0, 2);
        assertArrayEquals(new float[] {0.5f, 1f, 1.5f, 2f}, c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void namedProducts(String kind) {
        Blas blas = blas(kind);
        Random r = new Random(3);
        int m = 5, n = 7, k = 4;
        float[] a = random(r, m * k), b = random(r, k * n), bt = random(r, n * k);
        float[] at = random(r, k * m), c0 = random(r, m * n);

        float[] c = nanArray(m * n);
        blas.mult(m, n, k, a, b, c);
        assertClose(reference(false, false, m, n, k, a, b, null), c, k);

        c = nanArray(m * n);
        blas.multTransB(m, n, k, a, bt, c);
        assertClose(reference(false, true, m, n, k, a, bt, null), c, k);

        c = c0.clone();
        blas.multAddTransB(m, n, k, a, bt, c);
        assertClose(reference(false, true, m, n, k, a, bt, c0), c, k);

        c = c0.clone();
        blas.multAddTransA(m, n, k, at, b, c);
        assertClose(reference(true, false, m, n, k, at, b, c0), c, k);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void rejectsBadArgumentsWithoutWriting(String kind) {
        Blas blas = blas(kind);
        float[] a = new float[12], b = new float[12], c = new float[12];
        Arrays.fill(a, 1f);
        Arrays.fill(b, 1f);
        Arrays.fill(c, 5f);
        float[] before = c.clone();
        // Each row: m, n, k, aOff, lda, bOff, ldb, cOff, ldc, transA, transB.
        int[][] bad = {
            {-1, 3, 4, 0, 4, 0, 3, 0, 3, 0, 0}, // negative m
            {3, 3, -4, 0, 4, 0, 3, 0, 3, 0, 0}, // negative k
            {3, 3, 4, 0, 3, 0, 3, 0, 3, 0, 0}, // lda < k
            {3, 3, 4, 0, 4, 0, 2, 0, 3, 0, 0}, // ldb < n
            {3, 3, 4, 0, 4, 0, 3, 0, 2, 0, 0}, // ldc < n
            {3, 3, 4, 1, 4, 0, 3, 0, 3, 0, 0}, // A runs one past the end
            {3, 3, 4, 0, 4, 1, 3, 0, 3, 0, 0}, // B runs one past the end
            {3, 3, 4, 0, 4, 0, 3, 4, 3, 0, 0}, // C runs past the end
            {3, 3, 4, 0, 4, 0, 3, 2, 4, 0, 0}, // C's padded rows run past the end
            {3, 3, 4, -1, 4, 0, 3, 0, 3, 0, 0}, // negative offset
            {4, 3, 4, 0, 4, 0, 3, 0, 3, 1, 0}, // transA: A is 4x4, needs 16
            {3, 4, 4, 0, 4, 0, 4, 0, 4, 0, 1}, // transB: B is 4x4, needs 16
            {3, 3, 4, 0, 4, 0, 3, 13, 3, 0, 0}, // offset beyond the array
            {0, 3, 4, 0, 4, 0, 3, 13, 3, 0, 0}, // empty C, but offset beyond the array
        };
        for (int[] x : bad) {
            assertThrows(IllegalArgumentException.class, () -> blas.gemm(x[9] == 1, x[10] == 1,
                    x[0], x[1], x[2], 1f, a, x[3], x[4], b, x[5], x[6], 0f, c, x[7], x[8]),
                    () -> kind + " accepted " + Arrays.toString(x));
            assertArrayEquals(before, c, "C written before the check");
        }
        assertThrows(NullPointerException.class,
                () -> blas.gemm(false, false, 1, 1, 1, 1f, null, 0, 1, b, 0, 1, 0f, c, 0, 1));
        // Exactly fitting: A 3x4 in 12, B 4x3 in 12, C 3x3 at offset 3 in 12.
        blas.gemm(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 3, 3);
        assertEquals(5f, c[2]);
        assertEquals(4f, c[3]);
        assertEquals(4f, c[11]);
    }

    // ---- helpers ----

    /** Runs one case on random data and checks C inside and outside the product's region. */
    static void run(Blas blas, Case c, Random r) {
        float[] a = random(r, c.aOff + size(c.aRows(), c.aCols(), c.lda) + r.nextInt(3));
        float[] b = random(r, c.bOff + size(c.bRows(), c.bCols(), c.ldb) + r.nextInt(3));
        float[] cArr = random(r, c.cOff + size(c.m, c.n, c.ldc) + r.nextInt(3));
        if (c.beta == 0f) { // must be ignored, NaN included
            for (int i = 0; i < c.m && c.n > 0; i++) {
                Arrays.fill(cArr, c.cOff + i * c.ldc, c.cOff + i * c.ldc + c.n, Float.NaN);
            }
        }
        float[] a0 = a.clone(), b0 = b.clone(), cBefore = cArr.clone();
        blas.gemm(c.ta, c.tb, c.m, c.n, c.k, c.alpha, a, c.aOff, c.lda, b, c.bOff, c.ldb,
                c.beta, cArr, c.cOff, c.ldc);
        assertArrayEquals(a0, a, "A modified");
        assertArrayEquals(b0, b, "B modified");
        int ldc = Math.max(c.ldc, 1);
        for (int idx = 0; idx < cArr.length; idx++) {
            int rel = idx - c.cOff;
            int i = rel / ldc, j = rel % ldc;
            if (rel >= 0 && i < c.m && j < c.n) {
                checkElement(blas, c, a, b, cBefore[idx], cArr[idx], i, j);
            } else if (Float.floatToRawIntBits(cBefore[idx])
                    != Float.floatToRawIntBits(cArr[idx])) {
                fail(blas.name() + " wrote outside C at " + idx + " for " + c);
            }
        }
    }

    /** C[i][j] against alpha·Σ op(A)[i][p]·op(B)[p][j] + beta·old, in double. */
    private static void checkElement(Blas blas, Case c, float[] a, float[] b, float old,
                                     float got, int i, int j) {
        double sum = 0, abs = 0;
        for (int p = 0; p < c.k; p++) {
            double x = a[c.ta ? c.aOff + p * c.lda + i : c.aOff + i * c.lda + p];
            double y = b[c.tb ? c.bOff + j * c.ldb + p : c.bOff + p * c.ldb + j];
            sum += x * y;
            abs += Math.abs(x * y);
        }
        double kept = c.beta == 0f ? 0 : c.beta * (double) old;
        double want = (c.alpha == 0f ? 0 : c.alpha * sum) + kept;
        // Float summation of k terms: error at most about k·2⁻²⁴ of the sum of magnitudes.
        double tol = 1.2e-7 * (c.k + 3) * (Math.abs(c.alpha) * abs + Math.abs(kept)) + 1e-30;
        if (!(Math.abs(got - want) <= tol)) {
            fail(blas.name() + ": C[" + i + "][" + j + "] = " + got + ", want " + want
                    + " ± " + tol + " for " + c);
        }
    }

    private static int size(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols;
    }

    static float[] random(Random r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = r.nextFloat() * 2f - 1f;
        }
        return x;
    }

    private static float[] nanArray(int len) {
        float[] x = new float[len];
        Arrays.fill(x, Float.NaN);
        return x;
    }

    /** Dense C (+)= op(A)·op(B) in double; c0 null means no addend. */
    private static double[] reference(boolean ta, boolean tb, int m, int n, int k,
                                      float[] a, float[] b, float[] c0) {
        double[] want = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = c0 == null ? 0 : c0[i * n + j];
                for (int p = 0; p < k; p++) {
                    s += (double) a[ta ? p * m + i : i * k + p] * b[tb ? j * k + p : p * n + j];
                }
                want[i * n + j] = s;
            }
        }
        return want;
    }

    private static void assertClose(double[] want, float[] got, int k) {
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got[i]) <= 1e-6 * (k + 1),
                    "element " + i + ": " + got[i] + " vs " + want[i]);
        }
    }
}
