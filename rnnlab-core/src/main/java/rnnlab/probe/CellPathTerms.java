package rnnlab.probe;

/**
 * Issue item 4, LSTM only: the cell path. Per step, the four terms of the total derivative
 * dc_t/dc_{t−1} of theory.md section 2 (see {@link StepJacobians#cellPathTerms}) and their
 * sum; the forget gates along each lag.
 *
 * <p>Indexing as in {@link JacobianSpectra}: step arrays [T], entry k = step t = T_b − k; lag
 * arrays [T+1], entry k = the k steps T_b, …, T_b−k+1. NaN where no sequence reaches.
 *
 * @param sequences the sequences the term norms are averaged over (as in {@link JacobianSpectra})
 * @param directNorm [T]: mean ‖diag(f_t)‖₂ = mean max_i f_t,i
 * @param throughForgetNorm [T]: mean ‖diag(c_{t−1}σ'_f) U_f diag(o_{t−1}tanh'(c_{t−1}))‖₂
 * @param throughInputNorm [T]: mean ‖diag(g_t σ'_i) U_i diag(…)‖₂
 * @param throughCandidateNorm [T]: mean ‖diag(i_t tanh'_g) U_g diag(…)‖₂
 * @param totalNorm [T]: mean ‖dc_t/dc_{t−1}‖₂, the norm of the sum of the four
 * @param forgetGateMean [T]: mean of f_t over the H units and all probe sequences
 * @param forgetProduct [T+1]: mean over units and all probe sequences of Π_{j=0}^{k−1} f_{T_b−j}
 *     (1 at lag 0); the cell-path factor of ∂c_{T}/∂c_{T−k} when the indirect terms vanish
 * @param log10ForgetProduct [T+1]: mean over units and sequences of Σ_{j&lt;k} log10 f_{T_b−j}
 *     (the log of the geometric mean, which does not underflow); −Infinity if a gate is exactly 0
 */
public record CellPathTerms(int[] sequences, double[] directNorm, double[] throughForgetNorm,
                            double[] throughInputNorm, double[] throughCandidateNorm, double[] totalNorm,
                            double[] forgetGateMean, double[] forgetProduct, double[] log10ForgetProduct) {}
