package rnnlab.probe;

/**
 * Per-lag norms of one state gradient (∂L/∂h or ∂L/∂c) over a probe batch. Lag k of sequence b
 * is its state index {@code T_b − k}, T_b its length (T for equal lengths): lag 0 is the last
 * state, lag T_b the initial state. Arrays have T+1 entries, lags 0..T.
 *
 * <p>Units: each value is the L2 norm over the H units of the gradient of sequence b's own loss
 * {@code L_b = Σ_t L_t} (theory.md's L), i.e. B times the engine's slice of the batch-mean
 * gradient, so that the numbers do not depend on the probe batch size. Computed in double from
 * the float32 engine's per-step gradients: a gradient the engine flushed to zero is 0 here.
 *
 * @param mean mean[k] = (1/n_k)·Σ_b ‖∂L_b/∂state_{T_b−k}‖ over the n_k sequences with
 *     T_b ≥ max(k, 1); NaN where n_k = 0
 * @param perSequence perSequence[b][k] = ‖∂L_b/∂state_{T_b−k}‖; NaN for k > T_b and for
 *     sequences of length 0 (they carry no loss)
 * @param sequencesAtLag n_k
 * @param summary half-life, horizon and exploding flag of {@link #mean}
 */
public record LagCurve(double[] mean, double[][] perSequence, int[] sequencesAtLag, CurveSummary summary) {

    /** Number of lags, T+1. */
    public int lags() {
        return mean.length;
    }
}
