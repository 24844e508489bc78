package rnnlab.probe;

import rnnlab.nn.LossAt;

/**
 * The per-lag gradient norms of one loss on the probe batch.
 *
 * @param at {@link LossAt#LAST}: the loss at each sequence's last step only ("loss at step
 *     T"); {@link LossAt#EVERY}: the task's own loss at every step ("total loss")
 * @param loss the probe batch's loss (the engine's batch mean, {@code Evaluation.loss()})
 * @param hidden ‖∂L_b/∂h_{T_b−k}‖ (for the RNN, h is theory.md's s)
 * @param cell ‖∂L_b/∂c_{T_b−k}‖ (LSTM), else null. This is the total derivative, including
 *     the path through h_t = o_t·tanh(c_t), as the engine's {@code LayerTrace.dCell()}; at the
 *     initial state (lag T_b) h_0 does not depend on c_0, so only the path through c_1 remains
 */
public record LossGradients(LossAt at, double loss, LagCurve hidden, LagCurve cell) {}
