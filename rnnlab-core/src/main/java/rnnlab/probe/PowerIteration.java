package rnnlab.probe;

import java.util.SplittableRandom;

/**
 * The largest singular value σmax of a {@link LinearMap} by power iteration on AᵀA, in double.
 *
 * <p>Each iteration computes {@code y = A·v}, {@code x = Aᵀ·y}, the estimate
 * {@code σ = ‖x‖ / ‖y‖} (never above σmax) and the next {@code v = x / ‖x‖}; it stops when the
 * estimate changes by at most {@code tolerance} relative to itself, or after {@code cap}
 * iterations. An instance remembers its last right singular vector and starts the next call
 * from it, mixed with 1 % of a fixed random vector (so that a warm start orthogonal to the new
 * top singular vector still finds it): consecutive steps' Jacobians are close, and a warm start
 * needs a few iterations where a cold one needs tens. Not thread-safe.
 */
final class PowerIteration {
    private final double tolerance;
    private final int cap;
    private double[] v = new double[0];
    private double[] x = new double[0];
    private double[] y = new double[0];
    private double[] random = new double[0];
    private long iterations;
    private long calls;
    private long unconverged;

    PowerIteration(double tolerance, int cap) {
        if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be positive, got " + tolerance);
        if (cap < 1) throw new IllegalArgumentException("iteration cap must be at least 1, got " + cap);
        this.tolerance = tolerance;
        this.cap = cap;
    }

    /** σmax of m (0 for a zero map). */
    double norm(LinearMap m) {
        int n = m.cols(), r = m.rows();
        if (v.length != n) {
            v = randomUnit(n, 1);
            random = randomUnit(n, 2);
            x = new double[n];
        } else {
            for (int j = 0; j < n; j++) v[j] += 0.01 * random[j];
            normalise(v);
        }
        if (y.length != r) y = new double[r];
        calls++;
        double sigma = run(m);
        if (sigma == 0) { // v may lie in the null space of a nonzero map: try once from a fresh vector
            System.arraycopy(random, 0, v, 0, n);
            sigma = run(m);
        }
        return sigma;
    }

    private double run(LinearMap m) {
        double previous = -1;
        for (int it = 1; it <= cap; it++) {
            iterations++;
            m.apply(v, y);
            double ny = Dense.norm(y);
            if (ny == 0) return 0;
            m.applyTransposed(y, x);
            double nx = Dense.norm(x);
            double sigma = nx / ny;
            for (int j = 0; j < x.length; j++) v[j] = x[j] / nx;
            if (Math.abs(sigma - previous) <= tolerance * sigma) return sigma;
            previous = sigma;
            if (it == cap) {
                unconverged++;
                return sigma;
            }
        }
        throw new AssertionError();
    }

    /** Iterations run so far, over all calls. */
    long iterations() { return iterations; }

    long calls() { return calls; }

    /** Calls that hit the iteration cap before the tolerance. */
    long unconverged() { return unconverged; }

    private static double[] randomUnit(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n);
        double[] u = new double[n];
        for (int j = 0; j < n; j++) u[j] = rng.nextDouble() - 0.5;
        normalise(u);
        return u;
    }

    private static void normalise(double[] u) {
        double s = Dense.norm(u);
        if (s > 0) for (int j = 0; j < u.length; j++) u[j] /= s;
    }
}
