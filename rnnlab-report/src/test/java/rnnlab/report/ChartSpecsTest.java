package rnnlab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartSpecsTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void onALogAxisUnplottableValuesBecomeGapsAndTheRestLog10() {
        Series series = Series.of("s", new double[] {0, 1, 2, 3, 4, 5}, new double[] {100, NAN, 0, -1, INF, 1e-12});

        List<Double[]> points = ChartSpecs.lineSeries(series, true).points();

        assertEquals(6, points.size(), "a gap keeps its x");
        assertEquals(2.0, points.get(0)[1]);
        for (int i = 1; i <= 4; i++) {
            assertNull(points.get(i)[1], "point " + i);
        }
        assertEquals(-12.0, points.get(5)[1], 1e-12);
    }

    @Test
    void onALinearAxisOnlyNonFiniteValuesBecomeGaps() {
        Series series = Series.of("s", new double[] {0, 1, 2, 3}, new double[] {0, -2.5, NAN, -INF});

        List<Double[]> points = ChartSpecs.lineSeries(series, false).points();

        assertEquals(Arrays.asList(0.0, -2.5, null, null), points.stream().map(p -> p[1]).toList());
    }

    @Test
    void pointsWithoutAnXAreDropped() {
        Series series = Series.of("s", new double[] {0, NAN, 2}, new double[] {1, 2, 3});

        assertEquals(List.of(0.0, 2.0), ChartSpecs.lineSeries(series, false).points().stream().map(p -> p[0]).toList());
    }

    @Test
    void aLogAxisSpansWholeDecades() {
        LineChart chart = LineChart.titled("c").logY()
                .with(Series.of("s", new double[] {0, 1, 2}, new double[] {3.5, 0.02, 0}));

        assertEquals(new YRange(-2.0, 1.0), YRange.covering(List.of(chart), true));
    }

    @Test
    void aSharedRangeCoversEveryChartOfTheRow() {
        LineChart low = LineChart.titled("low").with(Series.of("s", new double[] {0, 1}, new double[] {0.31, 0.5}));
        LineChart high = LineChart.titled("high").with(Series.of("s", new double[] {0, 1}, new double[] {0.4, 0.72}));

        YRange range = YRange.covering(List.of(low, high), false);

        // Rounded to tenths, printed exactly (0.3, not 0.30000000000000004).
        assertEquals(new YRange(0.3, 0.8), range);
    }

    @Test
    void withNothingPlottableTheLibraryChooses() {
        LineChart chart = LineChart.titled("c").logY().with(Series.of("s", new double[] {0, 1}, new double[] {0, NAN}));

        assertEquals(YRange.AUTOMATIC, YRange.covering(List.of(chart), true));
    }

    @Test
    void aRangeOfOneValueStillHasWidth() {
        assertArrayEquals(new double[] {5, 6}, Plottable.roundOut(5, 5));
        assertArrayEquals(new double[] {0, 1}, Plottable.wholeDecades(0, 0));
    }

    @Test
    void logHeatmapKeepsPlottableCellsAsLog10WithWholeDecadeEnds() {
        Heatmap heatmap = Heatmap.of("h", new double[] {0, 1, 2}, new double[] {10, 20},
                new double[][] {{1, 0, NAN}, {2e-3, -5, 1e-9}}).logColour();

        ChartSpec.Cells spec = ChartSpecs.heatmap("chart-1", heatmap);

        assertEquals(3, spec.cells().size());
        assertArrayEquals(new double[] {0, 0, 0}, spec.cells().get(0));
        assertArrayEquals(new double[] {0, 1, Math.log10(2e-3)}, spec.cells().get(1));
        assertArrayEquals(new double[] {2, 1, -9}, spec.cells().get(2), 1e-12);
        assertEquals(-9, spec.colourMin());
        assertEquals(0, spec.colourMax());
        assertEquals(List.of("0", "1", "2"), spec.xCategories());
        assertEquals(List.of("10", "20"), spec.yCategories());
    }

    @Test
    void linearHeatmapKeepsZeroAndNegativeValues() {
        Heatmap heatmap = Heatmap.of("h", new double[] {0.5, 1.25}, new double[] {1},
                new double[][] {{0, -1}});

        ChartSpec.Cells spec = ChartSpecs.heatmap("chart-1", heatmap);

        assertEquals(2, spec.cells().size());
        assertEquals(-1, spec.colourMin());
        assertEquals(0, spec.colourMax());
        assertEquals(List.of("0.5", "1.25"), spec.xCategories());
    }
}
