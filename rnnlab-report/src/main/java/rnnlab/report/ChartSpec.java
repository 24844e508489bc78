package rnnlab.report;

import java.util.List;

/**
 * What the page's script draws one chart from, serialised to JSON. Values are ready to plot:
 * missing points are null, and on a logarithmic scale every value and range end is already
 * log10 of the data, so the script only draws and labels (10^v); the arithmetic stays in Java.
 */
sealed interface ChartSpec {
    String id();

    /** A line chart; {@code yMin}/{@code yMax} are null where the chart library chooses. */
    record Line(String id, String kind, String xLabel, String yLabel, boolean logY,
                Double yMin, Double yMax, List<LineSeries> series) implements ChartSpec {}

    /** One line: points [x, y] with y null where the line has a gap. */
    record LineSeries(String name, boolean dashed, List<Double[]> points) {}

    /**
     * A heatmap: cells [column, row, value] for the cells that have a value, and the colour
     * range (whole decades of log10 when {@code logColour}).
     */
    record Cells(String id, String kind, String xLabel, String yLabel, String colourLabel,
                 List<String> xCategories, List<String> yCategories, List<double[]> cells,
                 boolean logColour, double colourMin, double colourMax) implements ChartSpec {}
}
