package rnnlab.math;

/**
 * Single-precision matrix products on row-major {@code float[]} arrays held on the Java heap.
 *
 * <p>One general operation, {@link #gemm}, with offsets and leading dimensions so that a slice of
 * a larger buffer (one time step of a [T, B, H] array) can be used without copying. The named
 * variants are the three products BPTT needs, in EJML's naming:
 * <ul>
 *   <li>{@link #mult}: C = A·B (back-propagating to the input: dX = dG·W)</li>
 *   <li>{@link #multTransB}, {@link #multAddTransB}: C (+)= A·Bᵀ (the forward pass: G = X·Wᵀ)</li>
 *   <li>{@link #multAddTransA}: C += Aᵀ·B (weight gradients: dW += dGᵀ·X)</li>
 * </ul>
 * Only C is modified. C must not overlap A or B (other parts of the same array are fine).
 * Every implementation checks all bounds before writing anything and throws
 * {@link IllegalArgumentException} for a negative dimension, a leading dimension smaller than
 * the row width, or an element outside its array.
 *
 * <p>Implementations: {@link JavaBlas} (pure Java, always available) and {@link OpenBlas}
 * (OpenBLAS through the FFM API). {@link Blas#get()} returns the one selected for this process;
 * {@link BlasProvider#create} builds a specific one.
 */
public interface Blas {

    /**
     * C = alpha·op(A)·op(B) + beta·C, all row-major.
     *
     * @param transA use Aᵀ: A is stored k×m (row-major, leading dimension lda) instead of m×k
     * @param transB use Bᵀ: B is stored n×k instead of k×n
     * @param m rows of op(A) and C
     * @param n columns of op(B) and C
     * @param k columns of op(A), rows of op(B)
     * @param a read only
     * @param b read only
     * @param c modified; when beta is 0 its previous content is ignored (NaN included)
     * @throws IllegalArgumentException if a dimension is negative, a leading dimension is
     *     smaller than the width of its matrix or an element would lie outside its array;
     *     C is then unchanged
     * @throws NullPointerException if an array is null
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /**
     * A short name for reports, e.g. "openblas 0.3.21 system
     * (/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0; core Zen; 1 thread)" or
     * "java".
     */
    String name();

    /** The number of threads one product may use; 1 unless the implementation says more. */
    default int threads() {
        return 1;
    }

    /**
     * Several threads are about to call {@link #gemm} at once, each with products too small to
     * split: an implementation that has threads of its own runs every product on one until the
     * matching {@link #endConcurrentCalls()} (OpenBLAS: process-wide, since it keeps its thread
     * count in a global). Calls nest and may come from several threads; the default does
     * nothing.
     */
    default void beginConcurrentCalls() {}

    /** Ends what {@link #beginConcurrentCalls()} began; the last end restores the thread count. */
    default void endConcurrentCalls() {}

    /** C[m×n] = A[m×k]·B[k×n], dense, offsets 0. */
    default void mult(int m, int n, int k, float[] a, float[] b, float[] c) {
        gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
    }

    /** C[m×n] = A[m×k]·B[n×k]ᵀ, dense, offsets 0. */
    default void multTransB(int m, int n, int k, float[] a, float[] b, float[] c) {
        gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
    }

    /** C[m×n] += A[m×k]·B[n×k]ᵀ, dense, offsets 0. */
    default void multAddTransB(int m, int n, int k, float[] a, float[] b, float[] c) {
        gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 1f, c, 0, n);
    }

    /** C[m×n] += A[k×m]ᵀ·B[k×n], dense, offsets 0. */
    default void multAddTransA(int m, int n, int k, float[] a, float[] b, float[] c) {
        gemm(true, false, m, n, k, 1f, a, 0, m, b, 0, n, 1f, c, 0, n);
    }

    /**
     * The implementation chosen for this process. The system property {@code rnnlab.blas}
     * (or the environment variable {@code RNNLAB_BLAS}) selects it: {@code auto} (default:
     * system OpenBLAS, then the bundled one, then Java), {@code system}, {@code bundled},
     * {@code openblas} (system or bundled; fail if neither loads) or {@code java}. See
     * {@link BlasProvider}.
     *
     * @throws IllegalArgumentException if the property has another value
     * @throws IllegalStateException if the OpenBLAS asked for cannot be loaded
     */
    static Blas get() {
        return BlasProvider.selected();
    }
}
