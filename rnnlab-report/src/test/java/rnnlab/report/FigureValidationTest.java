package rnnlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FigureValidationTest {
    @Test
    void seriesNeedsAsManyYAsX() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Series.of("norm", new double[] {1, 2}, new double[] {1}));
        assertEquals("series 'norm': 2 x values but 1 y values", e.getMessage());
    }

    @Test
    void heatmapNeedsOneRowPerYAndOneValuePerX() {
        double[] two = {1, 2};
        assertThrows(IllegalArgumentException.class, () -> Heatmap.of("h", two, two, new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> Heatmap.of("h", two, two, new double[][] {{1, 2}, {3}}));
    }

    @Test
    void tableRowsMatchTheHeader() {
        assertThrows(IllegalArgumentException.class, () -> Table.of("a", "b").row("only one"));
    }

    @Test
    void aSharedRangeNeedsOneKindOfAxis() {
        assertThrows(IllegalArgumentException.class,
                () -> ChartRow.of(LineChart.titled("log").logY(), LineChart.titled("linear")).sharedY());
        assertThrows(IllegalArgumentException.class, ChartRow::of);
    }

    @Test
    void arraysAreCopiedInAndOut() {
        double[] y = {1, 2};
        Series series = Series.of("s", new double[] {0, 1}, y);
        y[0] = 99;
        series.y()[1] = 99;
        assertEquals(1, series.y()[0]);
        assertEquals(2, series.y()[1]);

        double[][] z = {{1}};
        Heatmap heatmap = Heatmap.of("h", new double[] {0}, new double[] {0}, z);
        z[0][0] = 99;
        assertEquals(1, heatmap.z()[0][0]);
    }
}
