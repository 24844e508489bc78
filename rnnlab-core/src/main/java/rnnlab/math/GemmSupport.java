package rnnlab.math;

import java.util.Arrays;
import java.util.Objects;

/** Argument checks and the beta-only update shared by the {@link Blas} implementations. */
final class GemmSupport {
    private GemmSupport() {}

    /**
     * Throws {@link IllegalArgumentException} unless every element that {@link Blas#gemm} may
     * touch lies inside its array. Runs before anything is written, so a rejected call leaves C
     * as it was; for native code it is the only guard against writing outside the heap array.
     *
     * @throws NullPointerException if an array is null
     */
    static void check(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(
                    "negative dimension: m=" + m + ", n=" + n + ", k=" + k);
        }
        matrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        matrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        matrix("C", c, cOff, ldc, m, n);
    }

    /** Checks one row-major rows×cols matrix stored at x[off + r·ld + col]. */
    static void matrix(String name, float[] x, int off, int ld, int rows, int cols) {
        Objects.requireNonNull(x, name);
        if (ld < cols) {
            throw new IllegalArgumentException(name + ": leading dimension " + ld
                    + " is smaller than its " + cols + " columns");
        }
        if (off < 0 || off > x.length) {
            throw new IllegalArgumentException(name + ": offset " + off
                    + " outside the array of length " + x.length);
        }
        if (rows == 0 || cols == 0) {
            return; // nothing is read or written
        }
        long end = off + (long) (rows - 1) * ld + cols; // exclusive; long: cannot overflow
        if (end > x.length) {
            throw new IllegalArgumentException(name + ": " + rows + "x" + cols
                    + " at offset " + off + " with leading dimension " + ld + " needs "
                    + end + " elements, the array has " + x.length);
        }
    }

    /**
     * The part of gemm every implementation shares: checks the arguments, then does the
     * products that need no multiplication (empty C; k = 0 or alpha = 0, where C = beta·C and,
     * as in BLAS, A and B are not read). Returns whether C is already final.
     */
    static boolean checkedTrivial(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  float beta, float[] c, int cOff, int ldc) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) return true;
        if (k == 0 || alpha == 0f) {
            scale(beta, c, cOff, ldc, m, n);
            return true;
        }
        return false;
    }

    /** C[m×n] = beta·C; beta == 0 overwrites (NaN and infinities in C are discarded). */
    static void scale(float beta, float[] c, int cOff, int ldc, int m, int n) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0, ci = cOff; i < m; i++, ci += ldc) {
            if (beta == 0f) {
                Arrays.fill(c, ci, ci + n, 0f);
            } else {
                for (int j = ci, end = ci + n; j < end; j++) {
                    c[j] *= beta;
                }
            }
        }
    }

    /**
     * Part {@code part} of {@code parts} of n columns cut as evenly as whole units of
     * {@code align} columns allow: 0 for part 0, n for part {@code parts}. The last part takes
     * the columns past the last whole unit, so that no part is narrower than a unit unless it
     * is empty or all n (a BLAS may round a narrow product otherwise: the Java one takes fewer
     * than 8 columns as dot products).
     */
    static int columnSplit(int n, int align, int part, int parts) {
        if (parts < 1 || part < 0 || part > parts) throw new IllegalArgumentException("part " + part + " of " + parts);
        if (part == parts) return n;
        long units = n / align;
        return (int) (units * part / parts * align);
    }

    /** Checks that [from, to) is a range of columns of n cut at multiples of {@code align} (or at n). */
    static void columnRange(int n, int align, int from, int to) {
        if (from < 0 || from > to || to > n || (from % align != 0 && from != n) || (to % align != 0 && to != n)) {
            throw new IllegalArgumentException("columns [" + from + ", " + to + ") of " + n + " are not cut at multiples of " + align);
        }
    }
}
