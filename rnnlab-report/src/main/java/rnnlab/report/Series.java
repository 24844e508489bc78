package rnnlab.report;

import java.util.Objects;

/**
 * One line of a {@link LineChart}: points (x[i], y[i]), drawn in order.
 *
 * <p>Non-finite y values leave a gap in the line, and so do y ≤ 0 on a logarithmic axis;
 * points with a non-finite x are dropped. Arrays are copied in and out.
 *
 * @param name   the legend entry
 * @param x      x coordinates
 * @param y      y coordinates, as many as x
 * @param dashed whether the line is dashed, as for a bound or a reference line
 */
public record Series(String name, double[] x, double[] y, boolean dashed) {
    public Series {
        Objects.requireNonNull(name, "name");
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "series '" + name + "': " + x.length + " x values but " + y.length + " y values");
        }
        x = x.clone();
        y = y.clone();
    }

    /** A solid line. */
    public static Series of(String name, double[] x, double[] y) {
        return new Series(name, x, y, false);
    }

    /** The same line, dashed. */
    public Series asDashed() {
        return new Series(name, x, y, true);
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    int size() {
        return x.length;
    }

    double xAt(int i) {
        return x[i];
    }

    double yAt(int i) {
        return y[i];
    }
}
