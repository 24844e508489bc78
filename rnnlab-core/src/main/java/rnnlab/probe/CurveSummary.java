package rnnlab.probe;

/**
 * Three numbers that summarise a per-lag curve c[0..n−1] (a gradient norm, or the norm of a
 * Jacobian product), all relative to its value at lag 0 (theory.md section 3, issue item 5):
 *
 * @param reference c[0], the value the others are measured against
 * @param halfLife the first lag k ≥ 1 with c[k] ≤ c[0]/2, or −1 if none (the curve stays
 *     above half of its start over every lag measured)
 * @param horizon the first lag k ≥ 1 with c[k] &lt; {@link #HORIZON_RATIO}·c[0], or −1 if none
 *     ("beyond T"). An exact 0 (a float32 gradient flushed to zero, see README "Vanished
 *     gradients and float32") counts as below; a NaN lag (no sequence reaches it) never does
 * @param exploding whether some c[k] > {@link #EXPLODING_RATIO}·c[0]
 * @param maxRatio max over k of c[k]/c[0] (1 when nothing grows)
 * @param lastRatio c[n−1]/c[0]: the ratio at the longest lag
 * @param defined false when c[0] is 0 or not finite: then no ratio means anything, halfLife
 *     and horizon are −1, exploding is false, and the ratios NaN
 */
public record CurveSummary(double reference, int halfLife, int horizon, boolean exploding,
                           double maxRatio, double lastRatio, boolean defined) {
    /** The horizon is the lag where the curve falls below this fraction of lag 0: 1e-3. */
    public static final double HORIZON_RATIO = 1e-3;
    /** A curve exceeding this multiple of its lag-0 value is flagged exploding: 1e3. */
    public static final double EXPLODING_RATIO = 1e3;

    /** The summary of {@code curve} (indexed by lag). */
    public static CurveSummary of(double[] curve) {
        if (curve.length == 0) throw new IllegalArgumentException("empty curve");
        double ref = curve[0];
        if (!(ref > 0) || Double.isInfinite(ref)) return new CurveSummary(ref, -1, -1, false, Double.NaN, Double.NaN, false);
        int half = -1, horizon = -1;
        double max = 1;
        for (int k = 1; k < curve.length; k++) {
            double r = curve[k] / ref;
            if (Double.isNaN(r)) continue;
            if (half < 0 && r <= 0.5) half = k;
            if (horizon < 0 && r < HORIZON_RATIO) horizon = k;
            max = Math.max(max, r);
        }
        return new CurveSummary(ref, half, horizon, max > EXPLODING_RATIO, max, curve[curve.length - 1] / ref, true);
    }

    /** {@link #horizon} as text: the lag, or "beyond T" when the curve never falls below 1e-3. */
    public String horizonText() {
        return horizon >= 0 ? Integer.toString(horizon) : defined ? "beyond T" : "undefined";
    }

    /** {@link #halfLife} as text: the lag, or "beyond T". */
    public String halfLifeText() {
        return halfLife >= 0 ? Integer.toString(halfLife) : defined ? "beyond T" : "undefined";
    }
}
