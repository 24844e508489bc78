package rnnlab.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Accuracy and special values of {@link Activations} against {@link Math}. */
class ActivationsTest {
    private static final double TANH_MAX_ERROR = 5e-7;
    private static final double SIGMOID_MAX_ERROR = 3e-7;
    /** Measured over every float in [−87, 0]: 8.13·10⁻⁸ (Activations' class comment). */
    private static final double EXP_MAX_RELATIVE_ERROR = 8.2e-8;

    interface FloatOp {
        float apply(float x);
    }

    private static double exactSigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * Largest |f(x) − exact(x)| over a uniform sweep of [−20, 20] in steps of 2⁻¹⁶ and over every
     * 7th float bit pattern of either sign (all magnitudes, from subnormals to MAX_VALUE).
     */
    private static double maxError(FloatOp f, DoubleUnaryOperator exact, float lo, float hi) {
        double max = 0;
        for (int i = 0; i <= 40 << 16; i++) {
            float x = -20f + i / 65536f;
            max = Math.max(max, check(f, exact, x, lo, hi));
        }
        for (int bits = 0; bits < 0x7f800000; bits += 211) {
            float x = Float.intBitsToFloat(bits);
            max = Math.max(max, check(f, exact, x, lo, hi));
            max = Math.max(max, check(f, exact, -x, lo, hi));
        }
        return max;
    }

    private static double check(FloatOp f, DoubleUnaryOperator exact, float x, float lo, float hi) {
        float y = f.apply(x);
        assertTrue(y >= lo && y <= hi, () -> "out of range at " + x + ": " + y);
        return Math.abs(y - exact.applyAsDouble(x));
    }

    @Test
    void tanhIsAccurate() {
        double err = maxError(Activations::tanh, Math::tanh, -1f, 1f);
        System.out.printf("Activations.tanh max abs error %.3g%n", err);
        assertTrue(err <= TANH_MAX_ERROR, "tanh max error " + err);
    }

    @Test
    void sigmoidIsAccurate() {
        double err = maxError(Activations::sigmoid, ActivationsTest::exactSigmoid, 0f, 1f);
        System.out.printf("Activations.sigmoid max abs error %.3g%n", err);
        assertTrue(err <= SIGMOID_MAX_ERROR, "sigmoid max error " + err);
    }

    @Test
    void specialValues() {
        assertTrue(Float.isNaN(Activations.tanh(Float.NaN)));
        assertTrue(Float.isNaN(Activations.sigmoid(Float.NaN)));
        assertEquals(1f, Activations.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, Activations.tanh(Float.NEGATIVE_INFINITY));
        assertEquals(1f, Activations.sigmoid(Float.POSITIVE_INFINITY));
        assertEquals(0f, Activations.sigmoid(Float.NEGATIVE_INFINITY));
        for (float big : new float[] {9f, 10f, 20f, 88.7f, 1e30f, Float.MAX_VALUE}) {
            assertEquals(1f, Activations.tanh(big), "tanh " + big);
            assertEquals(-1f, Activations.tanh(-big), "tanh " + -big);
            assertEquals(1f, Activations.sigmoid(2 * big), "sigmoid " + 2 * big);
            assertEquals(0f, Activations.sigmoid(-2 * big), "sigmoid " + -2 * big);
        }
        assertEquals(0f, Activations.tanh(0f));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Activations.tanh(-0f)));
        assertEquals(0.5f, Activations.sigmoid(0f));
        assertEquals(0.5f, Activations.sigmoid(-0f));
        assertEquals(Float.MIN_VALUE, Activations.tanh(Float.MIN_VALUE), 0f);
        assertEquals(1e-20f, Activations.tanh(1e-20f), 1e-26f);
        assertEquals(-1e-5f, Activations.tanh(-1e-5f), 1e-11f);
    }

    /** Every 97th float in [−87, 0], and the floats between −87 and −88, where 0 is returned. */
    @Test
    void expIsAccurateOnNonPositiveInputs() {
        double max = 0;
        int low = Float.floatToRawIntBits(-87f);
        for (int bits = 0x8000_0000; Integer.compareUnsigned(bits, low) <= 0; bits += 97) {
            float x = Float.intBitsToFloat(bits), y = Activations.expNonPositive(x);
            double exact = Math.exp(x);
            assertTrue(y >= 0f && y <= 1f, () -> "out of range at " + x + ": " + y);
            max = Math.max(max, Math.abs(y - exact) / exact);
        }
        System.out.printf("Activations.expNonPositive max relative error %.3g%n", max);
        assertTrue(max <= EXP_MAX_RELATIVE_ERROR, "exp max relative error " + max);
        for (float x = Math.nextDown(-87f); x > -88f; x = Math.nextDown(x)) {
            assertEquals(0f, Activations.expNonPositive(x), "below the floor");
        }
    }

    @Test
    void expSpecialValues() {
        assertTrue(Float.isNaN(Activations.expNonPositive(Float.NaN)));
        assertEquals(1f, Activations.expNonPositive(0f));
        assertEquals(1f, Activations.expNonPositive(-0f));
        assertEquals(0f, Activations.expNonPositive(Float.NEGATIVE_INFINITY));
        assertEquals(0f, Activations.expNonPositive(-Float.MAX_VALUE));
        for (float positive : new float[] {Float.MIN_VALUE, 1e-3f, 1f, 100f, Float.POSITIVE_INFINITY}) {
            assertEquals(1f, Activations.expNonPositive(positive), "taken as 0: " + positive);
        }
        assertEquals(Math.exp(-87), Activations.expNonPositive(-87f), 1e-7 * Math.exp(-87));
        assertEquals((float) Math.exp(-1), Activations.expNonPositive(-1f), 1e-7f);
        assertEquals(1f, Activations.expNonPositive(-Float.MIN_VALUE)); // e^-tiny rounds to 1
    }

    @Test
    void tanhIsOdd() {
        for (int i = 0; i < 100_000; i++) {
            float x = i * 1.3e-4f;
            assertEquals(-Activations.tanh(x), Activations.tanh(-x));
        }
    }

    @Test
    void arrayFormsMatchScalarFormsAndStayInTheirRange() {
        float[] a = new float[1000];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i - 500) * 0.031f;
        }
        float[] t = a.clone(), s = a.clone();
        Activations.tanh(t, 10, 980);
        Activations.sigmoid(s, 10, 980);
        for (int i = 0; i < a.length; i++) {
            boolean in = i >= 10 && i < 990;
            assertEquals(in ? Activations.tanh(a[i]) : a[i], t[i], "tanh at " + i);
            assertEquals(in ? Activations.sigmoid(a[i]) : a[i], s[i], "sigmoid at " + i);
        }
        float[] empty = a.clone();
        Activations.tanh(empty, 1000, 0);
        assertArrayEquals(a, empty);
    }

    /**
     * The array forms (on vectors where the Vector API runs: {@link VectorActivations}) give the
     * scalar forms' bits on every 331st float of either sign, and on the special values, at an
     * offset off the vectors' alignment and with a tail.
     */
    @Test
    void arrayFormsGiveTheScalarFormsBitsOnEveryKindOfFloat() {
        int n = (int) (0xFFFF_FFFFL / 331) + 1 + 8;
        float[] a = new float[n];
        int k = 0;
        for (long bits = 0; bits <= 0xFFFF_FFFFL; bits += 331) a[k++] = Float.intBitsToFloat((int) bits);
        float[] specials = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 9f, -9f, Float.MIN_VALUE};
        for (float v : specials) a[k++] = v;
        float[] t = a.clone(), s = a.clone(), e = new float[n], shifted = new float[n];
        Activations.tanh(t, 5, k - 5);
        Activations.sigmoid(s, 5, k - 5);
        Activations.expShifted(a, 5, 0f, e, 3, k - 5);
        Activations.expShifted(a, 5, 3.5f, shifted, 5, k - 5);
        for (int i = 5; i < k; i++) {
            if (Float.floatToRawIntBits(Activations.expNonPositive(a[i])) != Float.floatToRawIntBits(e[i - 2]))
                throw new AssertionError("exp(" + a[i] + ") = " + e[i - 2] + ", scalar " + Activations.expNonPositive(a[i]));
            if (Float.floatToRawIntBits(Activations.expNonPositive(a[i] - 3.5f)) != Float.floatToRawIntBits(shifted[i]))
                throw new AssertionError("exp(" + a[i] + " - 3.5) = " + shifted[i] + ", scalar " + Activations.expNonPositive(a[i] - 3.5f));
            if (Float.floatToRawIntBits(Activations.tanh(a[i])) != Float.floatToRawIntBits(t[i]))
                throw new AssertionError("tanh(" + a[i] + ") = " + t[i] + ", scalar " + Activations.tanh(a[i]));
            if (Float.floatToRawIntBits(Activations.sigmoid(a[i])) != Float.floatToRawIntBits(s[i]))
                throw new AssertionError("sigmoid(" + a[i] + ") = " + s[i] + ", scalar " + Activations.sigmoid(a[i]));
        }
    }

    @Test
    void arrayFormsCheckBounds() {
        float[] a = new float[8];
        assertThrows(IndexOutOfBoundsException.class, () -> Activations.tanh(a, 4, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> Activations.sigmoid(a, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Activations.sigmoid(a, 0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> Activations.expShifted(a, 4, 0f, new float[8], 0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> Activations.expShifted(a, 0, 0f, new float[4], 0, 5));
    }

    @Test
    void expShiftedRunsInPlace() {
        float[] a = new float[40];
        for (int i = 0; i < a.length; i++) a[i] = -0.37f * i;
        float[] expected = new float[a.length];
        for (int i = 0; i < a.length; i++) expected[i] = i < 2 ? a[i] : Activations.expNonPositive(a[i] + 1f);
        Activations.expShifted(a, 2, -1f, a, 2, a.length - 2);
        assertArrayEquals(expected, a);
    }
}
