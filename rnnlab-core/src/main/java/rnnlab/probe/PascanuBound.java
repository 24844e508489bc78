package rnnlab.probe;

import rnnlab.nn.CellType;

/**
 * Pascanu, Mikolov &amp; Bengio 2013 (references.md): for the RNN,
 * {@code ‖∂L_T/∂h_{T−k}‖ ≤ (σmax(W)·γ)^k · ‖∂L_T/∂h_T‖}, γ = sup|σ'| = 1 for tanh (and relu).
 * Drawn beside the measured per-lag norm of the last-step loss.
 *
 * <p>Which σmax: {@code sigmaMax} of the whole recurrent matrix {@code weight_hh_l{l}}
 * [G·H, H]. For the RNN this is W and the curve is a proven bound for the top layer (a lower
 * layer's gradient also flows through the layers above, which the bound does not cover). For
 * the LSTM and the GRU it is no bound at all: their step Jacobians contain weight-free paths
 * (diag(f_t), diag(z_t)); the curve is then a reference line only, and {@code proven} is false.
 *
 * @param sigmaMax σmax(W_hh), whole matrix, by power iteration (relative change ≤ 1e-10)
 * @param sigmaMaxBlocks σmax of each gate block [H, H] of W_hh: LSTM U_i, U_f, U_g, U_o; GRU
 *     W_hr, W_hz, W_hn; RNN the one block (= sigmaMax)
 * @param gamma γ, 1 for tanh and relu, and used as 1 for the gated cells
 * @param lastStepNorm ‖∂L_b/∂h_{T_b}‖ averaged over the probe sequences (lag 0 of the
 *     last-step loss's hidden curve)
 * @param bound [T+1]: (σmax·γ)^k · lastStepNorm, k = 0..T (0 where it underflows double)
 * @param log10Bound [T+1]: k·log10(σmax·γ) + log10(lastStepNorm), exact at any k
 * @param proven true only for the RNN's top layer, where the inequality is proven
 */
public record PascanuBound(CellType cell, double sigmaMax, double[] sigmaMaxBlocks, double gamma,
                           double lastStepNorm, double[] bound, double[] log10Bound, boolean proven) {}
