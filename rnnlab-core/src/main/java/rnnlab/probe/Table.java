package rnnlab.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A flat, rectangular view of a probe result: named numeric columns, one row per lag (or per
 * lag and sequence). What a CSV file or a plotting library wants.
 *
 * <p>CSV: a header line, then one line per row, comma-separated, {@code \n} line ends. Numbers
 * are Java's shortest round-trip form ({@link Double#toString}, e.g. {@code 0.25},
 * {@code 1.0E-12}); integral values are written without a fraction ({@code 17}); a NaN (no value: a lag no sequence reaches, a field that does not apply) is an
 * empty cell; infinities are {@code Infinity} / {@code -Infinity} (log10 of an exact 0). All
 * of these parse with Python's {@code float}, JavaScript's {@code Number} and Java's
 * {@link Double#parseDouble}.
 *
 * @param columns column names, snake_case
 * @param rows each row has one value per column; read-only by convention
 */
public record Table(List<String> columns, List<double[]> rows) {
    public Table {
        columns = List.copyOf(columns);
        for (double[] row : rows)
            if (row.length != columns.size())
                throw new IllegalArgumentException("a row has " + row.length + " values for " + columns.size() + " columns");
        rows = Collections.unmodifiableList(new ArrayList<>(rows));
    }

    /** The values of one column, top to bottom. */
    public double[] column(String name) {
        int c = columns.indexOf(name);
        if (c < 0) throw new IllegalArgumentException("no column '" + name + "'; have " + columns);
        double[] out = new double[rows.size()];
        for (int r = 0; r < out.length; r++) out[r] = rows.get(r)[c];
        return out;
    }

    /** The table as CSV text (see the class comment). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", columns)).append('\n');
        for (double[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                if (c > 0) sb.append(',');
                sb.append(format(row[c]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One value as the CSV writes it. */
    public static String format(double v) {
        if (Double.isNaN(v)) return "";
        if (Double.isInfinite(v)) return v > 0 ? "Infinity" : "-Infinity";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    /** Builds a table column by column: every column must have the same length. */
    static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<double[]> columns = new ArrayList<>();

        Builder add(String name, double[] values) {
            if (!columns.isEmpty() && values.length != columns.getFirst().length)
                throw new IllegalArgumentException("column " + name + " has " + values.length + " rows, expected " + columns.getFirst().length);
            names.add(name);
            columns.add(values);
            return this;
        }

        Builder add(String name, int[] values) {
            double[] d = new double[values.length];
            for (int i = 0; i < d.length; i++) d[i] = values[i];
            return add(name, d);
        }

        Table build() {
            int n = columns.isEmpty() ? 0 : columns.getFirst().length;
            List<double[]> rows = new ArrayList<>(n);
            for (int r = 0; r < n; r++) {
                double[] row = new double[columns.size()];
                for (int c = 0; c < row.length; c++) row[c] = columns.get(c)[r];
                rows.add(row);
            }
            return new Table(names, rows);
        }
    }

    /** {@code values} padded with NaN (or cut) to {@code length} entries. */
    static double[] padded(double[] values, int length) {
        double[] out = new double[length];
        java.util.Arrays.fill(out, Double.NaN);
        if (values != null) System.arraycopy(values, 0, out, 0, Math.min(length, values.length));
        return out;
    }

    /** The lags 0..n−1 as a column. */
    static double[] lags(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = i;
        return out;
    }
}
