package rnnlab.cli.bench;

import java.util.random.RandomGenerator;
import rnnlab.math.Blas;
import rnnlab.math.Rng;
import rnnlab.nn.CellType;

/**
 * A reference rate for "percent of sgemm": one large product C[m×n] = A[m×k]·op(B) (float32) on
 * the same {@link Blas} instance, with its thread count, as the benchmark's rows; the median over
 * the repetitions, so what this BLAS sustains on this (shared) machine at the time, not the
 * hardware's theoretical peak. Two are measured: a square one per BLAS, and per row the product
 * that would do a whole forward pass's FLOPs at once ({@link #sameFlops}).
 *
 * @param transB whether B is stored n×k and used transposed, as the engine's forward products do
 */
public record SgemmPeak(int m, int n, int k, boolean transB, Stats millis) {
    /** The square reference: 1024 (2.1 GFLOP per product). */
    public static final int SQUARE = 1024;

    /** The square product n×n×n. */
    public static SgemmPeak square(Blas blas, int size, int warmup, int reps) {
        return measure(blas, size, size, size, false, warmup, reps);
    }

    /**
     * {@code [B·T × (I+H)]·[(I+H) × G·H]}, B used transposed: the forward FLOPs of the
     * row as one product, the best case of batching every step's products into one.
     */
    public static SgemmPeak sameFlops(Blas blas, CellType cell, BenchConfig c, int warmup, int reps) {
        return measure(blas, Math.toIntExact(c.timeSteps()), cell.gates() * c.hidden(), c.inputs() + c.hidden(), true, warmup, reps);
    }

    /** Times {@code reps} products after {@code warmup} untimed ones. */
    public static SgemmPeak measure(Blas blas, int m, int n, int k, boolean transB, int warmup, int reps) {
        RandomGenerator rng = Rng.create(3);
        float[] a = random(rng, Math.multiplyExact(m, k)), b = random(rng, Math.multiplyExact(k, n)), c = new float[Math.multiplyExact(m, n)];
        Runnable product = () -> blas.gemm(false, transB, m, n, k, 1f, a, 0, k, b, 0, transB ? k : n, 0f, c, 0, n);
        for (int i = 0; i < warmup; i++) product.run();
        return new SgemmPeak(m, n, k, transB, Timed.run(reps, product).millis());
    }

    /** GFLOP/s at the median time. */
    public double gflops() {
        return 2.0 * m * n * k / (millis.median() * 1e6);
    }

    /** "1024×1024×1024" (m×n×k). */
    public String shape() {
        return m + "×" + n + "×" + k;
    }

    private static float[] random(RandomGenerator rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = rng.nextFloat() - 0.5f;
        return x;
    }
}
