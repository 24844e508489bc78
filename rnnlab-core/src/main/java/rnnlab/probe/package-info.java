/**
 * Gradient-flow probes: measurements of how the error signal of BPTT travels back through time
 * in a network being trained, computed on a fixed probe batch at chosen training steps, on a
 * copy of the weights (training with probes is bit-identical to training without; a test).
 * Every quantity is defined in {@code docs/theory.md} sections 1–4. Imports {@code rnnlab.math}
 * and {@code rnnlab.nn} only.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * SequenceBatch probeBatch = task.sample(32, Rng.create(seed + 17));   // drawn once, from its own generator
 * GradientFlowProbe probe = GradientFlowProbe.of(network, probeBatch);  // ProbeSettings.defaults()
 * LagStepGrid grid = LagStepGrid.forSteps(task.steps());
 * // after training step s (between steps, or between backward and the update: the network is only read):
 * if (s % 100 == 0) grid.add(s, probe.gradientNorms(network, s).lastStep().hidden().mean()); // ≈ one training step
 * if (s == 0 || s == last)  report = probe.analyse(network, s);                              // everything
 * }</pre>
 *
 * <h2>What is where (issue 3's items)</h2>
 * <table>
 *   <caption>items to results</caption>
 *   <tr><th>item</th><th>result</th><th>computed by</th></tr>
 *   <tr><td>1. per-lag norms ‖∂L/∂h_k‖, ‖∂L/∂c_k‖, last-step and total loss</td>
 *       <td>{@link rnnlab.probe.GradientNorms}, {@link rnnlab.probe.LossGradients},
 *           {@link rnnlab.probe.LagCurve}</td>
 *       <td>{@link rnnlab.probe.GradientFlowProbe#gradientNorms}, and {@code analyse}</td></tr>
 *   <tr><td>2. contribution of each step to ∇U, ∇W (the BPTT sum's terms)</td>
 *       <td>{@link rnnlab.probe.StepContributions}</td><td>{@code analyse}</td></tr>
 *   <tr><td>3. step Jacobians, norms of their products, σmax(W_hh), Pascanu's bound</td>
 *       <td>{@link rnnlab.probe.JacobianSpectra}, {@link rnnlab.probe.PascanuBound};
 *           single matrices {@link rnnlab.probe.StepJacobians}</td><td>{@code analyse}</td></tr>
 *   <tr><td>4. LSTM: the four terms of dc_t/dc_{t−1}, forget gates along each lag</td>
 *       <td>{@link rnnlab.probe.CellPathTerms}; single matrices
 *           {@link rnnlab.probe.StepJacobians#cellPathTerms}</td><td>{@code analyse}</td></tr>
 *   <tr><td>5. half-life, horizon, exploding</td><td>{@link rnnlab.probe.CurveSummary}, in every
 *           {@link rnnlab.probe.LagCurve} and in {@link rnnlab.probe.JacobianSpectra}</td><td>both</td></tr>
 *   <tr><td>6. the per-lag curve over training</td><td>{@link rnnlab.probe.LagStepGrid}</td>
 *       <td>the caller, from {@code gradientNorms}</td></tr>
 * </table>
 * {@link rnnlab.probe.GradientFlowReport} holds items 1–5 of one training step.
 *
 * <h2>Lags: how every array is indexed</h2>
 * T is the probe batch's number of steps; sequence b has length T_b (T_b = T unless the batch
 * has {@code lengths}). Lags count back from each sequence's own last state:
 * <ul>
 *   <li><b>state arrays</b> have T+1 entries; entry k is state index T_b − k (theory.md's
 *       numbering: 0 is the initial state, t the state after step t). Lag 0 is h_T, lag T is
 *       h_0. Per-lag gradient norms, Jacobian products P_k = ∂state_T/∂state_{T−k}, the bound,
 *       the forget-gate products;</li>
 *   <li><b>step arrays</b> have T entries; entry k is step t = T_b − k, the step that produces
 *       state T_b − k (so step Jacobian k is the factor taking P_k to P_{k+1}). Step Jacobian
 *       norms, BPTT-sum terms, cell-path terms, mean forget gate;</li>
 *   <li>entries no sequence reaches (mixed lengths only) are NaN; sequences of length 0 take
 *       part in nothing; means are over the sequences that reach the lag;</li>
 *   <li>the state is h (s for the RNN) for the RNN and GRU, (h, c) stacked for the LSTM's
 *       Jacobians.</li>
 * </ul>
 *
 * <h2>Units and precision</h2>
 * <ul>
 *   <li>Gradient norms are L2 over the H units of the gradient of one sequence's own loss
 *       L_b = Σ_t L_t (theory.md's L), so they do not depend on the probe batch size; BPTT-sum
 *       terms are of the engine's batch-mean loss, so that they add up to
 *       {@code Parameter.grad()}; Jacobians are dimensionless.</li>
 *   <li>Gradients come from the float32 engine, which flushes values below 1.2e-38 to zero
 *       (README "Vanished gradients and float32"): a vanished gradient's norm is exactly 0 and
 *       counts as below the horizon. Curves that must keep their magnitude below float's range
 *       are kept as log10 in double: the Jacobian products ({@link rnnlab.probe.JacobianSpectra}),
 *       the bound, the forget-gate products.</li>
 *   <li>Norms of matrices are spectral (σmax, by power iteration in double), of BPTT-sum terms
 *       Frobenius.</li>
 * </ul>
 *
 * <h2>Flat views</h2>
 * Results are records of arrays (shared, not copied: read-only by convention) that serialise
 * as they are with Jackson, and offer {@code table()} / {@code toCsv()}: one row per lag
 * ({@link rnnlab.probe.GradientFlowReport#table()}, {@link rnnlab.probe.GradientNorms#table()}),
 * per sequence and lag ({@link rnnlab.probe.GradientNorms#sequenceTable()}), per grid cell
 * ({@link rnnlab.probe.LagStepGrid.Snapshot#table()}); the summaries as
 * {@link rnnlab.probe.GradientFlowReport#summaryCsv()}. See {@link rnnlab.probe.Table} for the
 * number format.
 *
 * <h2>Cost</h2>
 * {@code gradientNorms} is one forward and backward pass of the probe batch per loss (one when
 * the task's loss is at the last step): about one training step. {@code analyse} adds the
 * Jacobian walk: per analysed sequence and step, one state-size² product and a few power
 * iterations per matrix; it is the expensive part (see {@link rnnlab.probe.ProbeSettings#jacobianSequences()}).
 */
package rnnlab.probe;
