package rnnlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A line chart of one or more {@link Series} on value axes, the y axis linear or logarithmic.
 * Built by {@link #titled} and the methods that return a changed copy:
 *
 * <pre>{@code
 * LineChart.titled("rnn").axes("lag k", "gradient norm").logY()
 *         .with(Series.of("measured", lags, norms), Series.of("bound", lags, bound).asDashed())
 * }</pre>
 *
 * @param title  drawn above the chart
 * @param xLabel the x axis's name
 * @param yLabel the y axis's name
 * @param yLogarithmic whether the y axis is logarithmic (base 10, ticks labelled as powers of ten)
 * @param series the lines, in legend order
 */
public record LineChart(String title, String xLabel, String yLabel, boolean yLogarithmic, List<Series> series)
        implements Figure {
    public LineChart {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
        series = List.copyOf(series);
    }

    /** An empty chart with a linear y axis and no axis names. */
    public static LineChart titled(String title) {
        return new LineChart(title, "", "", false, List.of());
    }

    /** This chart with the given axis names. */
    public LineChart axes(String xLabel, String yLabel) {
        return new LineChart(title, xLabel, yLabel, yLogarithmic, series);
    }

    /** This chart with a logarithmic y axis. */
    public LineChart logY() {
        return new LineChart(title, xLabel, yLabel, true, series);
    }

    /** This chart with the given series added after the ones it has. */
    public LineChart with(Series... more) {
        List<Series> all = new ArrayList<>(series);
        all.addAll(List.of(more));
        return new LineChart(title, xLabel, yLabel, yLogarithmic, all);
    }
}
