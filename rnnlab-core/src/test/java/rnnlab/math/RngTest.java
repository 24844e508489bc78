package rnnlab.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void sameSeedSameStream() {
        RandomGenerator a = Rng.create(7), b = Rng.create(7);
        for (int i = 0; i < 100; i++) assertEquals(a.nextLong(), b.nextLong());
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
