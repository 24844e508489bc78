package rnnlab.cli.bench;

import java.util.random.RandomGenerator;
import rnnlab.math.Blas;
import rnnlab.math.Rng;

/**
 * The reference rate for "percent of peak": one large square product C = A·B (n×n×n, float32)
 * on the same {@link Blas} instance, with its thread count, as the benchmark's rows. The rate
 * is the median over the repetitions, so it is what this BLAS sustains on this (shared) machine
 * at the time, not the hardware's theoretical peak.
 */
public record SgemmPeak(int size, Stats millis) {
    /** The default size: 1024 (2.1 GFLOP per product). */
    public static final int SIZE = 1024;

    /** Times {@code reps} products after {@code warmup} untimed ones. */
    public static SgemmPeak measure(Blas blas, int size, int warmup, int reps) {
        RandomGenerator rng = Rng.create(3);
        float[] a = random(rng, size * size), b = random(rng, size * size), c = new float[size * size];
        Runnable product = () -> blas.mult(size, size, size, a, b, c);
        for (int i = 0; i < warmup; i++) product.run();
        return new SgemmPeak(size, Timed.run(reps, product).millis());
    }

    /** GFLOP/s at the median time. */
    public double gflops() {
        return 2.0 * size * size * size / (millis.median() * 1e6);
    }

    private static float[] random(RandomGenerator rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = rng.nextFloat() - 0.5f;
        return x;
    }
}
