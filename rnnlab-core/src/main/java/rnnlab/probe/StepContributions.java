package rnnlab.probe;

/**
 * Issue item 2: the terms of the BPTT sum (theory.md section 1) for the probed layer's input
 * weight U = {@code weight_ih_l{l}} [G·H, I_l] and recurrent weight W = {@code weight_hh_l{l}}
 * [G·H, H], for one loss. The term of step t is what the copy of the weight used at step t
 * receives:
 * <pre>
 *   C^U_t = Σ_b δ_{t,b} ⊗ x_{t,b}          C^W_t = Σ_b δ'_{t,b} ⊗ h_{t−1,b}
 * </pre>
 * with δ = ∂L/∂(gate pre-activations) at step t ({@code LayerTrace.dPreInput}; δ' =
 * {@code dPreHidden}, which differs only in the GRU's n block), x_t the layer's input at step t
 * and h_{t−1} its previous state. Σ_t C_t is the whole gradient (a test).
 *
 * <p>Indexing: entry k is lag k, the step t = T_b − k of each sequence (the step that produces
 * state T_b − k), k = 0..T−1; with mixed lengths a lag sums the sequences' own steps at that
 * distance from their ends. Units: the engine's batch loss (the mean over the batch), so that
 * the terms add up to {@code Parameter.grad()}. Frobenius norms, in double from float32 terms.
 *
 * @param inputWeight the parameter name of U, {@code weight_ih_l{l}}
 * @param recurrentWeight the parameter name of W, {@code weight_hh_l{l}}
 * @param inputNorm [T]: ‖C^U_{T−k}‖_F
 * @param recurrentNorm [T]: ‖C^W_{T−k}‖_F
 * @param inputBlockNorm [T][G]: the norm of gate block g's rows of C^U (LSTM i, f, g, o; GRU
 *     r, z, n; RNN the one block)
 * @param recurrentBlockNorm [T][G]: likewise for C^W
 * @param inputShare [T]: ⟨C^U_{T−k}, ∇U⟩ / ‖∇U‖², the signed fraction of the gradient
 *     contributed by that step along the gradient's own direction; the shares add up to 1
 *     (up to float32 rounding); NaN if ∇U = 0
 * @param recurrentShare [T]: likewise for W
 * @param inputGradientNorm ‖∇U‖_F, the whole gradient of this loss (the probe network's
 *     {@code Parameter.grad()})
 * @param recurrentGradientNorm ‖∇W‖_F
 */
public record StepContributions(String inputWeight, String recurrentWeight,
                                double[] inputNorm, double[] recurrentNorm,
                                double[][] inputBlockNorm, double[][] recurrentBlockNorm,
                                double[] inputShare, double[] recurrentShare,
                                double inputGradientNorm, double recurrentGradientNorm) {

    /** Number of lags, T. */
    public int lags() {
        return inputNorm.length;
    }
}
