package rnnlab.report;

import java.util.Objects;

/**
 * A grid of cells coloured by value: cell (i, j) sits at x[i], y[j] and has value z[j][i].
 *
 * <p>With {@link #logColour()} the colour follows log10 of the value and the colour bar is
 * labelled in powers of ten; values ≤ 0 then, and non-finite values always, leave the cell
 * blank. Arrays are copied in and out.
 *
 * @param title       drawn above the heatmap
 * @param xLabel      the x axis's name
 * @param yLabel      the y axis's name
 * @param colourLabel what the colour measures, shown above the colour bar
 * @param x           the column positions, left to right
 * @param y           the row positions, bottom to top
 * @param z           the values, z[row][column]
 * @param colourLogarithmic whether colour follows log10 of the value
 */
public record Heatmap(String title, String xLabel, String yLabel, String colourLabel,
                      double[] x, double[] y, double[][] z, boolean colourLogarithmic) implements Figure {
    public Heatmap {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
        Objects.requireNonNull(colourLabel, "colourLabel");
        x = x.clone();
        y = y.clone();
        z = copyOf(z);
        if (z.length != y.length) {
            throw new IllegalArgumentException(
                    "heatmap '" + title + "': " + z.length + " rows of z for " + y.length + " y values");
        }
        for (int row = 0; row < z.length; row++) {
            if (z[row].length != x.length) {
                throw new IllegalArgumentException("heatmap '" + title + "': row " + row + " of z has "
                        + z[row].length + " values for " + x.length + " x values");
            }
        }
    }

    /** A heatmap with a linear colour scale and no axis names. */
    public static Heatmap of(String title, double[] x, double[] y, double[][] z) {
        return new Heatmap(title, "", "", "", x, y, z, false);
    }

    /** This heatmap with the given axis names. */
    public Heatmap axes(String xLabel, String yLabel) {
        return new Heatmap(title, xLabel, yLabel, colourLabel, x, y, z, colourLogarithmic);
    }

    /** This heatmap with the colour bar titled {@code label}. */
    public Heatmap colourLabel(String label) {
        return new Heatmap(title, xLabel, yLabel, label, x, y, z, colourLogarithmic);
    }

    /** This heatmap with colour following log10 of the value. */
    public Heatmap logColour() {
        return new Heatmap(title, xLabel, yLabel, colourLabel, x, y, z, true);
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    @Override
    public double[][] z() {
        return copyOf(z);
    }

    double valueAt(int row, int column) {
        return z[row][column];
    }

    private static double[][] copyOf(double[][] rows) {
        double[][] copy = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }
}
