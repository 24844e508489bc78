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
    default void multiplyAdd(int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc) {
        multiplyAddColumns(m, a, aOff, lda, c, cOff, ldc, 0, n());
    }

    /**
     * Where part {@code part} of {@code parts} of the columns begins: 0 for part 0, n for part
     * {@code parts}, between them boundaries on which {@link #multiplyAddColumns} may split the
     * product (the columns cut as evenly as the alignment allows, the last part taking the
     * columns past the last aligned cut; a part may be empty).
     *
     * @throws IllegalArgumentException unless 0 ≤ part ≤ parts and parts ≥ 1
     */
    int columnSplit(int part, int parts);

    /**
     * Columns [from, to) of {@link #multiplyAdd}: C's elements there get the values the whole
     * product gives them, and the other columns are not touched, so that threads may form the
     * parts of one product at once. Bit for bit in the vector form (each panel of columns is
     * its own computation); in the BLAS form as far as the BLAS rounds an element the same
     * whatever the columns beside it (OpenBLAS 0.3.21 and the Java BLAS do: tested). {@code cOff} is C's column 0, as for
     * the whole product; from and to must be boundaries of {@link #columnSplit}.
     *
     * @throws IllegalArgumentException if from or to is not such a boundary, from &gt; to, or as
     *     for {@link #multiplyAdd}
     */
    void multiplyAddColumns(int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc, int from, int to);
}
