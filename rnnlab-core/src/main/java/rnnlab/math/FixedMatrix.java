package rnnlab.math;

/**
 * The right operand op(B) ([k × n]) of many products {@code C += A·op(B)} with few rows of A,
 * prepared once: the recurrent weights, which every time step of a pass multiplies. MKL offers
 * the same split as {@code sgemm_pack} and {@code sgemm_compute}. Made by
 * {@link FixedProducts#fix}; B must not change while the instance is in use (the GEMM form
 * reads it at each product), nor may the instance be used once given to {@code fix} as storage
 * to reuse. Products on one instance may run on several threads at once.
 */
public interface FixedMatrix {

    /** Rows of op(B): columns of A. */
    int k();

    /** Columns of op(B) and of C. */
    int n();

    /**
     * C[m×n] += A[m×k]·op(B), row-major, C's rows {@code ldc} apart and A's {@code lda}. C must
     * not overlap A or B.
     *
     * @throws IllegalArgumentException if m is negative, a leading dimension is smaller than its
     *     row, or an element lies outside its array; C is then unchanged
     */
    void multiplyAdd(int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc);
}
