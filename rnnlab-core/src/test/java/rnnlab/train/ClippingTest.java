package rnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import rnnlab.nn.Parameter;

class ClippingTest {
    /** Two parameters whose gradients [3, 0] and [4] have global norm 5. */
    private static List<Parameter> normFive() {
        Parameter a = new Parameter("weight_hh_l0", 2);
        Parameter b = new Parameter("bias_hh_l0", 1);
        a.grad()[0] = 3f;
        b.grad()[0] = 4f;
        return List.of(a, b);
    }

    @Test
    void globalNormSpansAllParameters() {
        assertEquals(5.0, Clipping.globalNorm(normFive()), 1e-12);
    }

    @Test
    void byNormScalesEveryGradientByMaxOverNormPlusEpsilon() {
        List<Parameter> params = normFive();
        ClipResult r = Clipping.byNorm(1.0).apply(params);
        assertTrue(r.clipped());
        assertEquals(5.0, r.normBefore(), 1e-12);
        double scale = 1.0 / (5.0 + 1e-6); // torch: max_norm / (total_norm + 1e-6)
        assertEquals(5.0 * scale, r.normAfter(), 1e-6);
        assertArrayEquals(new float[] {(float) (3 * scale), 0f}, params.get(0).grad(), 1e-7f);
        assertArrayEquals(new float[] {(float) (4 * scale)}, params.get(1).grad(), 1e-7f);
    }

    @Test
    void byNormBelowTheThresholdChangesNothing() {
        List<Parameter> params = normFive();
        ClipResult r = Clipping.byNorm(10.0).apply(params);
        assertFalse(r.clipped());
        assertEquals(5.0, r.normBefore(), 1e-12);
        assertEquals(5.0, r.normAfter(), 1e-12);
        assertArrayEquals(new float[] {3f, 0f}, params.get(0).grad());
        assertArrayEquals(new float[] {4f}, params.get(1).grad());
    }

    @Test
    void byValueClampsEachElement() {
        List<Parameter> params = normFive();
        params.get(0).grad()[1] = -0.2f;
        ClipResult r = Clipping.byValue(1f).apply(params);
        assertTrue(r.clipped());
        assertEquals(Math.sqrt(9 + 0.04f * 1.0 + 16), r.normBefore(), 1e-6);
        assertArrayEquals(new float[] {1f, -0.2f}, params.get(0).grad());
        assertArrayEquals(new float[] {1f}, params.get(1).grad());
        assertEquals(Math.sqrt(1 + (double) 0.2f * 0.2f + 1), r.normAfter(), 1e-9);
    }

    @Test
    void byValueClampsNegativeElementsToMinusTheValue() {
        Parameter p = new Parameter("w", 3);
        p.grad()[0] = -7f;
        p.grad()[1] = 0.5f;
        p.grad()[2] = 2f;
        Clipping.byValue(1f).apply(List.of(p));
        assertArrayEquals(new float[] {-1f, 0.5f, 1f}, p.grad());
    }

    @Test
    void byValueWithinRangeChangesNothing() {
        List<Parameter> params = normFive();
        ClipResult r = Clipping.byValue(4f).apply(params);
        assertFalse(r.clipped());
        assertEquals(r.normBefore(), r.normAfter());
        assertArrayEquals(new float[] {3f, 0f}, params.get(0).grad());
    }

    @Test
    void noneStillMeasuresTheNorm() {
        ClipResult r = Clipping.none().apply(normFive());
        assertEquals(new ClipResult(5.0, 5.0, false), r);
    }

    @Test
    void nonFiniteGradientsAreReportedAndLeftUntouched() {
        for (Clipping clipping : List.of(Clipping.byNorm(1.0), Clipping.byValue(1f))) {
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
                List<Parameter> params = normFive();
                params.get(0).grad()[1] = bad;
                ClipResult r = clipping.apply(params);
                assertFalse(r.finite(), clipping + " with " + bad);
                assertFalse(r.clipped());
                assertArrayEquals(new float[] {3f, bad}, params.get(0).grad());
                assertArrayEquals(new float[] {4f}, params.get(1).grad());
            }
        }
    }

    @Test
    void parsesTheThreeForms() {
        assertInstanceOf(Clipping.None.class, Clipping.parse("none"));
        assertEquals(Clipping.byNorm(1.0), Clipping.parse("norm:1"));
        assertEquals(Clipping.byValue(0.5f), Clipping.parse("Value:0.5"));
        assertEquals(Clipping.byNorm(2.5), Clipping.parse(Clipping.byNorm(2.5).spec()));
        assertEquals(Clipping.byNorm(1.0), Clipping.defaults());
    }

    @Test
    void rejectsUnknownFormsNamingTheAcceptedOnes() {
        for (String bad : new String[] {"l2:1", "norm", "norm:abc", "norm:0", "value:-1", ""}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Clipping.parse(bad), bad);
            assertTrue(e.getMessage().contains("norm:") || e.getMessage().contains("above 0"), e.getMessage());
        }
    }
}
