package rnnlab.math;

import java.util.random.RandomGenerator;

/**
 * The one random number generator rnnlab seeds, and the two draws it builds on.
 *
 * <p>The algorithm is fixed, {@code L64X128MixRandom} (an LXM generator whose output the JDK
 * specifies), so a seed means the same stream on every JDK and machine. The draws below use only
 * {@link RandomGenerator#nextDouble()} (specified as the top 53 bits of {@code nextLong()}) and
 * {@link StrictMath}, so that derived values are reproducible bit for bit as well; in particular
 * {@link #gaussian} is Box–Muller rather than the JDK's {@code nextGaussian}, whose algorithm is an
 * implementation detail.
 */
public final class Rng {
    /** The generator algorithm every seeded stream in rnnlab uses. */
    public static final String ALGORITHM = "L64X128MixRandom";

    private Rng() {}

    /**
     * A new generator of {@link #ALGORITHM} seeded with {@code seed}: the JDK's stream, from a
     * generator whose state a checkpoint can save ({@link Lxm}).
     */
    public static Lxm create(long seed) {
        return Lxm.seeded(seed);
    }

    /** A draw from U[lo, hi), in double. */
    public static double uniform(RandomGenerator rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /**
     * A draw from N(0, 1) by the Box–Muller transform (one of the pair is used; two uniforms are
     * consumed per call, which keeps the stream position simple to reason about).
     */
    public static double gaussian(RandomGenerator rng) {
        double u1 = 1.0 - rng.nextDouble(); // in (0, 1]: log(u1) is finite
        double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }
}
