package rnnlab.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns the public chart types into the {@link ChartSpec}s the page draws from. */
final class ChartSpecs {
    private ChartSpecs() {}

    static ChartSpec.Line line(String id, LineChart chart, YRange yRange) {
        List<ChartSpec.LineSeries> series = chart.series().stream()
                .map(s -> lineSeries(s, chart.yLogarithmic()))
                .toList();
        return new ChartSpec.Line(id, "line", chart.xLabel(), chart.yLabel(), chart.yLogarithmic(),
                yRange.min(), yRange.max(), series);
    }

    /** Keeps unplottable y values as null so the line shows a gap where they were; log10 on a log axis. */
    static ChartSpec.LineSeries lineSeries(Series series, boolean logY) {
        List<Double[]> points = new ArrayList<>(series.size());
        for (int i = 0; i < series.size(); i++) {
            double x = series.xAt(i);
            double y = series.yAt(i);
            if (Double.isFinite(x)) {
                Double shown = !Plottable.isPlottable(y, logY) ? null : logY ? Math.log10(y) : y;
                points.add(new Double[] {x, shown});
            }
        }
        return new ChartSpec.LineSeries(series.name(), series.dashed(), points);
    }

    static ChartSpec.Cells heatmap(String id, Heatmap heatmap) {
        boolean log = heatmap.colourLogarithmic();
        double[] x = heatmap.x();
        double[] y = heatmap.y();
        List<double[]> cells = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int row = 0; row < y.length; row++) {
            for (int column = 0; column < x.length; column++) {
                double z = heatmap.valueAt(row, column);
                if (Plottable.isPlottable(z, log)) {
                    double shown = log ? Math.log10(z) : z;
                    cells.add(new double[] {column, row, shown});
                    min = Math.min(min, shown);
                    max = Math.max(max, shown);
                }
            }
        }
        double[] range = colourRange(min, max, log);
        return new ChartSpec.Cells(id, "heatmap", heatmap.xLabel(), heatmap.yLabel(), heatmap.colourLabel(),
                labels(x), labels(y), cells, log, range[0], range[1]);
    }

    /** Whole decades for a log scale, so the colour bar's ends are powers of ten. */
    private static double[] colourRange(double min, double max, boolean log) {
        if (min > max) {
            return new double[] {0, 1};
        }
        if (log) {
            return Plottable.wholeDecades(min, max);
        }
        return max > min ? new double[] {min, max} : new double[] {min - 1, max + 1};
    }

    private static List<String> labels(double[] values) {
        return Arrays.stream(values).mapToObj(Plottable::label).toList();
    }
}
