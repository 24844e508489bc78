package rnnlab.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * Issue item 6: per-lag curves over training, kept as a lag × step grid in bounded memory,
 * whatever the number of lags and of training steps.
 *
 * <p><b>Lags.</b> A curve has {@code lags} entries (T+1 for lags 0..T). When that is at most
 * {@code maxBins}, each lag is its own bin. Otherwise lags are grouped into at most
 * {@code maxBins} bins of consecutive lags, [start, end):
 * {@link Binning#UNIFORM} bins of (almost) equal width; {@link Binning#LOG} bins whose edges
 * are spaced evenly in log(lag) from lag 1 (lag 0 is a bin of its own; widths are whole lags, so
 * near lag 0 every lag gets one bin and fewer than maxBins may result). A bin's value is the
 * arithmetic mean of the curve's values over its lags, skipping NaN (NaN if all are); exact
 * zeros (vanished float32 gradients) count as zeros.
 *
 * <p><b>Steps.</b> Curves arrive in training order. While at most {@code maxColumns} have been
 * kept, every one is. When one more would exceed the cap, every other kept column is dropped
 * (the first is kept) and from then on only every 2nd curve received is kept (then every 4th,
 * …): the kept columns stay evenly spaced real measurements, never averages. The most recent
 * curve is always shown as well (as a last column, replaced by the next one unless it falls on
 * the stride). Memory: at most (maxColumns + 1) × bins doubles.
 */
public final class LagStepGrid {
    /** How lags are grouped when there are more of them than bins. */
    public enum Binning { UNIFORM, LOG }

    /** Default caps: 200 lag bins, 256 step columns. */
    public static final int DEFAULT_BINS = 200, DEFAULT_COLUMNS = 256;

    private final int lags;
    private final Binning binning;
    private final int maxColumns;
    private final int[] binStart;
    private final int[] binEnd;
    private final List<Column> kept = new ArrayList<>();
    private Column latest; // received after the last kept column, off the stride; or null
    private long stride = 1;
    private long received;

    private record Column(long step, double[] values) {}

    /**
     * A grid for curves of {@code lags} entries, with at most {@code maxBins} lag bins
     * ({@code binning} when grouping is needed) and {@code maxColumns} ≥ 2 kept step columns.
     */
    public LagStepGrid(int lags, int maxBins, Binning binning, int maxColumns) {
        if (lags < 1) throw new IllegalArgumentException("a curve needs at least one lag, got " + lags);
        if (maxBins < 1) throw new IllegalArgumentException("need at least one bin, got " + maxBins);
        if (maxColumns < 2) throw new IllegalArgumentException("need at least two columns, got " + maxColumns);
        this.lags = lags;
        this.binning = binning;
        this.maxColumns = maxColumns;
        int[] edges = edges(lags, maxBins, binning);
        binStart = new int[edges.length - 1];
        binEnd = new int[edges.length - 1];
        for (int i = 0; i < binStart.length; i++) {
            binStart[i] = edges[i];
            binEnd[i] = edges[i + 1];
        }
    }

    /** A grid for sequences of T steps (curves of T+1 lags), uniform bins, default caps. */
    public static LagStepGrid forSteps(int steps) {
        return new LagStepGrid(steps + 1, DEFAULT_BINS, Binning.UNIFORM, DEFAULT_COLUMNS);
    }

    /** Adds the curve measured at training step {@code step} (steps must not decrease). */
    public void add(long step, double[] curve) {
        if (curve.length != lags) throw new IllegalArgumentException("curve has " + curve.length + " lags, the grid " + lags);
        Column last = latest != null ? latest : kept.isEmpty() ? null : kept.getLast();
        if (last != null && step < last.step()) throw new IllegalArgumentException("step " + step + " after step " + last.step());
        Column c = new Column(step, bin(curve));
        if (received++ % stride == 0) {
            kept.add(c);
            latest = null;
            if (kept.size() > maxColumns) {
                List<Column> half = new ArrayList<>();
                for (int i = 0; i < kept.size(); i += 2) half.add(kept.get(i));
                kept.clear();
                kept.addAll(half);
                stride *= 2;
            }
        } else {
            latest = c;
        }
    }

    /** Curves received so far (kept or not). */
    public long received() {
        return received;
    }

    /** The grid as it stands: a copy. */
    public Snapshot snapshot() {
        List<Column> cols = new ArrayList<>(kept);
        if (latest != null) cols.add(latest);
        long[] steps = new long[cols.size()];
        double[][] values = new double[binStart.length][cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            steps[c] = cols.get(c).step();
            for (int bin = 0; bin < binStart.length; bin++) values[bin][c] = cols.get(c).values()[bin];
        }
        return new Snapshot(binning, binStart.clone(), binEnd.clone(), steps, values, stride);
    }

    /**
     * The grid: {@code values[bin][column]}, lag bins down, training steps across.
     *
     * @param binStart first lag of each bin
     * @param binEnd one past the last lag of each bin
     * @param steps the training step of each column, increasing
     * @param values [bins][columns]: the mean of the curve over the bin's lags
     * @param stride every stride-th curve received is kept (1 until the column cap was first hit)
     */
    public record Snapshot(Binning binning, int[] binStart, int[] binEnd, long[] steps, double[][] values, long stride) {
        public int bins() {
            return binStart.length;
        }

        public int columns() {
            return steps.length;
        }

        /**
         * Long format, one row per cell: {@code step}, {@code bin}, {@code lag_start},
         * {@code lag_end} (exclusive), {@code value}; column by column.
         */
        public Table table() {
            int rows = bins() * columns();
            double[] step = new double[rows], bin = new double[rows], lo = new double[rows], hi = new double[rows], v = new double[rows];
            for (int c = 0; c < columns(); c++)
                for (int b = 0; b < bins(); b++) {
                    int r = c * bins() + b;
                    step[r] = steps[c];
                    bin[r] = b;
                    lo[r] = binStart[b];
                    hi[r] = binEnd[b];
                    v[r] = values[b][c];
                }
            return new Table.Builder().add("step", step).add("bin", bin).add("lag_start", lo).add("lag_end", hi)
                    .add("value", v).build();
        }

        /** {@link #table()} as CSV. */
        public String toCsv() {
            return table().toCsv();
        }
    }

    private double[] bin(double[] curve) {
        double[] out = new double[binStart.length];
        for (int b = 0; b < out.length; b++) {
            double s = 0;
            int n = 0;
            for (int k = binStart[b]; k < binEnd[b]; k++) {
                if (!Double.isNaN(curve[k])) {
                    s += curve[k];
                    n++;
                }
            }
            out[b] = n == 0 ? Double.NaN : s / n;
        }
        return out;
    }

    /** Bin edges 0 = e_0 < e_1 < … < e_m = lags, m ≤ maxBins. */
    static int[] edges(int lags, int maxBins, Binning binning) {
        if (lags <= maxBins) {
            int[] e = new int[lags + 1];
            for (int i = 0; i <= lags; i++) e[i] = i;
            return e;
        }
        List<Integer> e = new ArrayList<>();
        e.add(0);
        if (binning == Binning.UNIFORM || maxBins == 1) { // one LOG bin is the uniform one
            for (int i = 1; i <= maxBins; i++) e.add((int) ((long) i * lags / maxBins));
        } else {
            // lag 0 alone, then maxBins − 1 bins over [1, lags) with log-spaced edges, each at least one lag wide
            e.add(1);
            int bins = maxBins - 1;
            double logSpan = Math.log(lags);
            for (int i = 1; i <= bins; i++) {
                int edge = (int) Math.round(Math.exp(logSpan * i / bins));
                edge = Math.max(edge, e.getLast() + 1);
                if (edge >= lags) break;
                e.add(edge);
            }
            if (e.getLast() != lags) e.add(lags);
        }
        return e.stream().mapToInt(Integer::intValue).toArray();
    }
}
