package rnnlab.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void sameSeedSameStream() {
        RandomGenerator a = Rng.create(7), b = Rng.create(7);
        for (int i = 0; i < 100; i++) assertEquals(a.nextLong(), b.nextLong());
    }

    @Test
    void streamIsTheJdkAlgorithmsForEveryDraw() {
        for (long seed : new long[] {0, 1, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE, 0x6A09E667F3BCC909L}) {
            RandomGenerator ours = Rng.create(seed), jdk = RandomGeneratorFactory.of(Rng.ALGORITHM).create(seed);
            for (int i = 0; i < 1000; i++) {
                assertEquals(jdk.nextLong(), ours.nextLong());
                assertEquals(jdk.nextInt(), ours.nextInt());
                assertEquals(jdk.nextInt(1 + i), ours.nextInt(1 + i));
                assertEquals(jdk.nextFloat(), ours.nextFloat());
                assertEquals(jdk.nextDouble(), ours.nextDouble());
                assertEquals(jdk.nextLong(3 * i + 7), ours.nextLong(3 * i + 7));
            }
        }
    }

    @Test
    void restoredStateContinuesTheStream() {
        Lxm a = Rng.create(99);
        for (int i = 0; i < 37; i++) a.nextLong();
        Lxm b = Lxm.restore(a.state());
        for (int i = 0; i < 100; i++) assertEquals(a.nextLong(), b.nextLong());
    }

    @Test
    void invalidStatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Lxm.restore(new long[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> Lxm.restore(new long[] {2, 0, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Lxm.restore(new long[] {1, 0, 0, 0}));
    }

    @Test
    void gaussianHasUnitVarianceAndZeroMean() {
        RandomGenerator rng = Rng.create(1);
        int n = 100_000;
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < n; i++) {
            double x = Rng.gaussian(rng);
            sum += x;
            sumSquares += x * x;
        }
        double mean = sum / n;
        assertEquals(0, mean, 0.02); // standard error 0.003
        assertEquals(1, sumSquares / n - mean * mean, 0.02);
    }

    @Test
    void uniformStaysInItsInterval() {
        RandomGenerator rng = Rng.create(2);
        for (int i = 0; i < 10_000; i++) {
            double x = Rng.uniform(rng, -0.5, 0.25);
            assertTrue(x >= -0.5 && x < 0.25, "draw " + x);
        }
    }
}
