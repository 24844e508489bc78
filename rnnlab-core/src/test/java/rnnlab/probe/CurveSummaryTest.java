package rnnlab.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CurveSummaryTest {

    @Test
    void halfLifeAndHorizonOfAGeometricCurve() {
        double[] c = new double[101];
        for (int k = 0; k < c.length; k++) c[k] = 3 * Math.pow(0.9, k);
        CurveSummary s = CurveSummary.of(c);
        assertEquals(7, s.halfLife());  // 0.9^6 = 0.531, 0.9^7 = 0.478
        assertEquals(66, s.horizon());  // 0.9^65 = 1.04e-3, 0.9^66 = 9.3e-4
        assertFalse(s.exploding());
        assertEquals(3, s.reference());
        assertEquals(Math.pow(0.9, 100), s.lastRatio(), 1e-15);
        assertEquals("66", s.horizonText());
    }

    @Test
    void flushedZerosCountAsBelowTheHorizon() {
        CurveSummary s = CurveSummary.of(new double[] {1, 0.9, 0.8, 0, 0});
        assertEquals(3, s.halfLife());
        assertEquals(3, s.horizon());
    }

    @Test
    void aCurveThatNeverFallsHasItsHorizonBeyondT() {
        CurveSummary s = CurveSummary.of(new double[] {1, 1, 0.7, 0.9});
        assertEquals(-1, s.halfLife());
        assertEquals(-1, s.horizon());
        assertEquals("beyond T", s.horizonText());
        assertEquals("beyond T", s.halfLifeText());
    }

    @Test
    void growthPastAThousandIsExploding() {
        assertFalse(CurveSummary.of(new double[] {2, 20, 2000}).exploding());
        CurveSummary s = CurveSummary.of(new double[] {2, 20, 2001, 1});
        assertTrue(s.exploding());
        assertEquals(1000.5, s.maxRatio());
        assertEquals(3, s.halfLife());
    }

    @Test
    void aZeroStartDefinesNothing() {
        CurveSummary s = CurveSummary.of(new double[] {0, 0, 0});
        assertFalse(s.defined());
        assertEquals(-1, s.horizon());
        assertFalse(s.exploding());
        assertEquals("undefined", s.horizonText());
    }

    @Test
    void nanLagsAreSkipped() {
        CurveSummary s = CurveSummary.of(new double[] {1, Double.NaN, 0.4, Double.NaN});
        assertEquals(2, s.halfLife());
        assertEquals(-1, s.horizon());
    }
}
