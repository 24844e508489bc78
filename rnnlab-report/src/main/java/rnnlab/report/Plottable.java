package rnnlab.report;

import java.math.BigDecimal;
import java.math.MathContext;

/** Which values a chart can draw, and how ranges are rounded outwards so axes end on round numbers. */
final class Plottable {
    private Plottable() {}

    /** Whether {@code value} can be drawn: finite, and positive on a logarithmic scale. */
    static boolean isPlottable(double value, boolean log) {
        return Double.isFinite(value) && (!log || value > 0);
    }

    /**
     * The whole exponents {@code [floor(low), ceil(high)]} of a range of log10 values, one
     * decade wide at least (a range from 10^k to 10^k would draw an empty axis).
     */
    static double[] wholeDecades(double low, double high) {
        double below = Math.floor(low);
        double above = Math.ceil(high);
        return new double[] {below, above > below ? above : below + 1};
    }

    /** {@code [min, max]} widened to multiples of a power of ten near its width, printed exactly. */
    static double[] roundOut(double min, double max) {
        double width = max > min ? max - min : Math.max(Math.abs(max), 1);
        int exponent = (int) Math.floor(Math.log10(width));
        // BigDecimal keeps 0.3 from becoming 0.30000000000000004 on the axis.
        double low = BigDecimal.valueOf(Math.floor(min / Math.pow(10, exponent)))
                .scaleByPowerOfTen(exponent).doubleValue();
        double high = BigDecimal.valueOf(Math.ceil(max / Math.pow(10, exponent)))
                .scaleByPowerOfTen(exponent).doubleValue();
        return high > low ? new double[] {low, high} : new double[] {low, low + Math.pow(10, exponent)};
    }

    /** A short label for an axis category: whole numbers without a decimal point, else 4 digits. */
    static String label(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toString();
    }
}
