package rnnlab.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import rnnlab.probe.LagStepGrid.Binning;

class LagStepGridTest {

    private static double[] curve(int lags, double scale) {
        double[] c = new double[lags];
        for (int k = 0; k < lags; k++) c[k] = scale * Math.pow(0.9, k);
        return c;
    }

    @Test
    void shortCurvesKeepOneBinPerLag() {
        LagStepGrid g = new LagStepGrid(11, 200, Binning.UNIFORM, 8);
        double[] c = curve(11, 2);
        g.add(100, c);
        LagStepGrid.Snapshot s = g.snapshot();
        assertEquals(11, s.bins());
        for (int k = 0; k < 11; k++) {
            assertEquals(k, s.binStart()[k]);
            assertEquals(k + 1, s.binEnd()[k]);
            assertEquals(c[k], s.values()[k][0]);
        }
        assertArrayEquals(new long[] {100}, s.steps());
    }

    @Test
    void longCurvesAreAveragedIntoContiguousBins() {
        for (Binning binning : Binning.values())
            for (int lags : new int[] {201, 202, 1001, 10_001, 100_001})
                for (int bins : new int[] {1, 2, 7, 200}) {
                    int[] e = LagStepGrid.edges(lags, bins, binning);
                    assertEquals(0, e[0]);
                    assertEquals(lags, e[e.length - 1]);
                    assertTrue(e.length - 1 <= bins, binning + " " + lags + " " + bins + ": " + (e.length - 1) + " bins");
                    for (int i = 1; i < e.length; i++) assertTrue(e[i] > e[i - 1]);
                    if (binning == Binning.LOG && bins > 1) assertEquals(1, e[1], "lag 0 is a bin of its own");
                }
        LagStepGrid g = new LagStepGrid(1001, 100, Binning.UNIFORM, 8);
        double[] c = new double[1001];
        for (int k = 0; k < c.length; k++) c[k] = k;
        c[5] = Double.NaN;
        g.add(0, c);
        LagStepGrid.Snapshot s = g.snapshot();
        for (int b = 0; b < s.bins(); b++) {
            double sum = 0;
            int n = 0;
            for (int k = s.binStart()[b]; k < s.binEnd()[b]; k++) if (!Double.isNaN(c[k])) { sum += k; n++; }
            assertEquals(sum / n, s.values()[b][0], 1e-12);
        }
    }

    @Test
    void columnsStayBoundedEvenlySpacedAndEndAtTheLatestCurve() {
        int cap = 16;
        LagStepGrid g = new LagStepGrid(5, 200, Binning.UNIFORM, cap);
        for (int s = 0; s < 10_000; s++) {
            g.add(s * 10L, curve(5, s));
            LagStepGrid.Snapshot snap = g.snapshot();
            assertTrue(snap.columns() <= cap + 1, "columns " + snap.columns());
            assertEquals(s * 10L, snap.steps()[snap.columns() - 1], "the latest curve is shown");
            assertEquals(0, snap.steps()[0], "the first curve is kept");
        }
        LagStepGrid.Snapshot snap = g.snapshot();
        long stride = snap.stride();
        assertTrue(stride >= 10_000 / cap);
        int kept = snap.columns() - (snap.steps()[snap.columns() - 1] % (10 * stride) == 0 ? 0 : 1);
        for (int c = 0; c < kept; c++) {
            assertEquals(c * 10L * stride, snap.steps()[c], "even spacing");
            assertEquals(c * stride, snap.values()[0][c], 0.0, "real measurements, not averages");
        }
        assertEquals(10_000, g.received());
    }

    @Test
    void rejectsCurvesOfTheWrongLengthAndStepsGoingBack() {
        LagStepGrid g = LagStepGrid.forSteps(10);
        assertThrows(IllegalArgumentException.class, () -> g.add(0, new double[10]));
        g.add(5, new double[11]);
        assertThrows(IllegalArgumentException.class, () -> g.add(4, new double[11]));
    }

    @Test
    void snapshotTableIsLongFormat() {
        LagStepGrid g = new LagStepGrid(3, 200, Binning.UNIFORM, 4);
        g.add(1, new double[] {1, 0.5, 0});
        g.add(2, new double[] {2, 1, Double.NaN});
        String csv = g.snapshot().toCsv();
        assertEquals("""
                step,bin,lag_start,lag_end,value
                1,0,0,1,1
                1,1,1,2,0.5
                1,2,2,3,0
                2,0,0,1,2
                2,1,1,2,1
                2,2,2,3,
                """, csv);
    }
}
