package rnnlab.cli.bench;

import java.util.Arrays;

/** The median, minimum and maximum of n timed repetitions, in milliseconds. */
public record Stats(double median, double min, double max, int n) {

    /** The statistics of {@code samples} (at least one). */
    public static Stats of(double[] samples) {
        if (samples.length == 0) throw new IllegalArgumentException("no samples");
        double[] s = samples.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        double median = s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
        return new Stats(median, s[0], s[s.length - 1], s.length);
    }
}
