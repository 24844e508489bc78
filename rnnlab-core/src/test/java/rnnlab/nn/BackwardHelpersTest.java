package rnnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The backward pass's helpers: the subnormal flush and the bias-gradient column sums. */
class BackwardHelpersTest {

    @Test
    void flushZeroesExactlyTheSubnormalsAndSignedZero() {
        float sub = Float.MIN_NORMAL / 2;
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(RecurrentLayer.flush(sub)));
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(RecurrentLayer.flush(-sub)));
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(RecurrentLayer.flush(-0f)));
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(RecurrentLayer.flush(Float.MIN_VALUE)));
        assertEquals(Float.MIN_NORMAL, RecurrentLayer.flush(Float.MIN_NORMAL));
        assertEquals(-Float.MIN_NORMAL, RecurrentLayer.flush(-Float.MIN_NORMAL));
        assertEquals(1.5f, RecurrentLayer.flush(1.5f));
    }

    /**
     * The flush of arrays, branch-free and on vectors ({@link Lanes#flush}, where the Vector API
     * runs), against its definition (|v| < 2^-126 → +0, else v, bit for bit) on every float with a
     * biased exponent of 0, 1 or 2 (all subnormals and the normals just above them, both signs),
     * on every 251st float besides, and on the infinities, at every offset of a vector.
     */
    @Test
    void flushIsItsDefinitionBitForBit() {
        float[] all = new float[2 * (3 << 23) + (int) (0x1_0000_0000L / 251) + 4];
        int n = 0;
        for (int sign = 0; sign < 2; sign++) {
            for (int bits = 0; bits < 3 << 23; bits++) all[n++] = Float.intBitsToFloat(bits | sign << 31);
        }
        for (long bits = 0; bits <= 0xFFFF_FFFFL; bits += 251) all[n++] = Float.intBitsToFloat((int) bits);
        all[n++] = Float.POSITIVE_INFINITY;
        all[n++] = Float.NEGATIVE_INFINITY;
        all[n++] = Float.MAX_VALUE;
        float[] scalar = java.util.Arrays.copyOf(all, n), dispatched = scalar.clone();
        RecurrentLayer.flushSubnormalsScalar(scalar, 0, n);
        RecurrentLayer.flushSubnormals(dispatched, 3, n - 3); // off the vectors' alignment, with a tail
        RecurrentLayer.flushSubnormals(dispatched, 0, 3);
        for (int i = 0; i < n; i++) {
            checkFlush(all[i], scalar[i]);
            checkFlush(all[i], dispatched[i]);
        }
    }

    private static void checkFlush(float v, float actual) {
        if (Float.isNaN(v)) {
            if (!Float.isNaN(actual)) throw new AssertionError("flush(NaN) = " + actual);
            return;
        }
        float expected = Math.abs(v) < Float.MIN_NORMAL ? 0f : v;
        if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(actual))
            throw new AssertionError("flush(" + v + ") = " + actual + ", expected " + expected);
    }

    /** Row by row, in row order, for each column: the rounding the four-row passes must keep. */
    @Test
    void columnSumsAreTheOneRowLoopsBitForBit() {
        Random random = new Random(7);
        for (int rows : new int[] {0, 1, 3, 4, 5, 8, 31, 100}) {
            for (int width : new int[] {1, 7, 16, 48}) {
                float[] m = new float[rows * width];
                for (int i = 0; i < m.length; i++) m[i] = (float) (random.nextGaussian() * Math.exp(random.nextGaussian() * 8));
                float[] expected = new float[width], actual = new float[width];
                for (int j = 0; j < width; j++) expected[j] = actual[j] = (float) random.nextGaussian();
                for (int r = 0; r < rows; r++) for (int j = 0; j < width; j++) expected[j] += m[r * width + j];
                RecurrentLayer.addColumnSums(m, rows, width, actual);
                assertArrayEquals(expected, actual, 0f, "rows " + rows + ", width " + width);
            }
        }
    }

    /** Shards sum their own columns: a column range must give those columns' full-width sums and leave the rest alone. */
    @Test
    void columnRangeSumsOnlyItsColumnsWithTheSameBits() {
        Random random = new Random(11);
        int rows = 37, width = 48;
        float[] m = new float[rows * width];
        for (int i = 0; i < m.length; i++) m[i] = (float) (random.nextGaussian() * Math.exp(random.nextGaussian() * 8));
        float[] start = new float[width];
        for (int j = 0; j < width; j++) start[j] = (float) random.nextGaussian();
        float[] whole = start.clone();
        RecurrentLayer.addColumnSums(m, rows, width, whole);
        for (int[] range : new int[][] {{0, 24}, {24, 48}, {5, 6}, {0, 48}, {17, 17}}) {
            float[] part = start.clone();
            RecurrentLayer.addColumnSums(m, rows, width, part, range[0], range[1]);
            for (int j = 0; j < width; j++) {
                float expected = j >= range[0] && j < range[1] ? whole[j] : start[j];
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(part[j]), "column " + j + " of " + range[0] + ".." + range[1]);
            }
        }
    }
}
