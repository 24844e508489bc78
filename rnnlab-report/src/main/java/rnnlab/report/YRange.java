package rnnlab.report;

import java.util.List;

/** The y range given to line charts, in plotted units (log10 on a log axis); null ends let the chart library choose. */
record YRange(Double min, Double max) {
    static final YRange AUTOMATIC = new YRange(null, null);

    /**
     * The range that holds every plottable point of {@code charts}: whole exponents of ten on a
     * log axis, round numbers on a linear one; {@link #AUTOMATIC} if there is no such point.
     */
    static YRange covering(List<LineChart> charts, boolean log) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (LineChart chart : charts) {
            for (Series series : chart.series()) {
                for (int i = 0; i < series.size(); i++) {
                    double y = series.yAt(i);
                    if (Double.isFinite(series.xAt(i)) && Plottable.isPlottable(y, log)) {
                        min = Math.min(min, y);
                        max = Math.max(max, y);
                    }
                }
            }
        }
        if (min > max) {
            return AUTOMATIC;
        }
        if (log) {
            double[] decades = Plottable.wholeDecades(Math.log10(min), Math.log10(max));
            return new YRange(decades[0], decades[1]);
        }
        double[] rounded = Plottable.roundOut(min, max);
        return new YRange(rounded[0], rounded[1]);
    }
}
