package rnnlab.math;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The JDK's {@code L64X128MixRandom} algorithm, written out so that its state can be saved and
 * restored: a checkpoint stores {@link #state()} and a resumed run continues the very same stream
 * (the JDK's class keeps its state private). For a seed it produces exactly the JDK generator's
 * stream ({@code RngTest} compares them); every derived draw ({@code nextInt(bound)},
 * {@code nextDouble}, …) is the {@link RandomGenerator} default, as in the JDK's class.
 *
 * <p>The algorithm (Steele and Vigna, "LXM", 2021): a 64-bit LCG {@code s} and a xoroshiro128
 * pair {@code x0, x1}, combined by addition and the Lea mixing function.
 */
public final class Lxm implements RandomGenerator {
    private static final long M = 0xd1342543de82ef95L;
    private static final long GOLDEN_RATIO_64 = 0x9e3779b97f4a7c15L;
    private static final long SILVER_RATIO_64 = 0x6A09E667F3BCC909L;

    private final long a;
    private long s, x0, x1;

    private Lxm(long a, long s, long x0, long x1) {
        this.a = a | 1;
        this.s = s;
        this.x0 = x0;
        this.x1 = x1;
    }

    /** The generator {@code new L64X128MixRandom(seed)} would be. */
    public static Lxm seeded(long seed) {
        long mixed = seed ^ SILVER_RATIO_64;
        long x0 = mixStafford13(mixed), x1 = mixStafford13(mixed + GOLDEN_RATIO_64);
        if ((x0 | x1) == 0) { // never both zero: xoroshiro would stay at zero forever
            x0 = mixStafford13(1 + GOLDEN_RATIO_64);
            x1 = mixStafford13(1 + 2 * GOLDEN_RATIO_64);
        }
        return new Lxm(mixMurmur64(mixed), 1, x0, x1);
    }

    /** A generator continuing from a {@link #state()}; IllegalArgumentException if it cannot be one. */
    public static Lxm restore(long[] state) {
        if (state == null || state.length != 4)
            throw new IllegalArgumentException("a generator state has 4 numbers, got "
                    + (state == null ? "none" : Arrays.toString(state)));
        if ((state[0] & 1) == 0 || (state[2] | state[3]) == 0)
            throw new IllegalArgumentException("not a valid generator state: " + Arrays.toString(state));
        return new Lxm(state[0], state[1], state[2], state[3]);
    }

    /** The four words that determine the rest of the stream: {@code a, s, x0, x1}. */
    public long[] state() {
        return new long[] {a, s, x0, x1};
    }

    @Override
    public long nextLong() {
        long result = mixLea64(s + x0);
        s = M * s + a;
        long q0 = x0, q1 = x1;
        q1 ^= q0;
        q0 = Long.rotateLeft(q0, 24);
        q0 = q0 ^ q1 ^ (q1 << 16);
        q1 = Long.rotateLeft(q1, 37);
        x0 = q0;
        x1 = q1;
        return result;
    }

    private static long mixLea64(long z) {
        z = (z ^ (z >>> 32)) * 0xdaba0b6eb09322e3L;
        z = (z ^ (z >>> 32)) * 0xdaba0b6eb09322e3L;
        return z ^ (z >>> 32);
    }

    private static long mixMurmur64(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private static long mixStafford13(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
