package rnnlab.report;

import java.util.List;

/**
 * Line charts side by side, for example one per cell type. With {@link #sharedY()} every chart
 * gets the same y range, so that heights compare across the row.
 *
 * @param charts  the charts, left to right
 * @param yShared whether the charts share one y range
 */
public record ChartRow(List<LineChart> charts, boolean yShared) implements Figure {
    public ChartRow {
        charts = List.copyOf(charts);
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("a chart row needs at least one chart");
        }
        if (yShared && charts.stream().map(LineChart::yLogarithmic).distinct().count() > 1) {
            throw new IllegalArgumentException("charts sharing a y range must all be log-y or all linear");
        }
    }

    /** The charts side by side, each with its own y range. */
    public static ChartRow of(LineChart... charts) {
        return new ChartRow(List.of(charts), false);
    }

    /** This row with one y range for all its charts. */
    public ChartRow sharedY() {
        return new ChartRow(charts, true);
    }
}
