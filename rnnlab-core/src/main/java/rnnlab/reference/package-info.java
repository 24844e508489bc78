/**
 * The double-precision reference ("oracle") for rnnlab's networks: the equations of
 * {@code docs/theory.md} as plain loops, one sequence at a time, with a hand-written BPTT. The
 * float engine in {@code rnnlab.nn} is tested against it. This package reads the data types
 * of {@code rnnlab.nn} and never its engine.
 *
 * <h2>Where the names of theory.md live</h2>
 * <table>
 *   <caption>theory.md to code</caption>
 *   <tr><th>theory.md</th><th>code</th></tr>
 *   <tr><td>U (input weight), W (recurrent weight), b1</td>
 *       <td>{@code weight_ih_l{l}}, {@code weight_hh_l{l}}, {@code bias_ih_l{l} + bias_hh_l{l}}</td></tr>
 *   <tr><td>theta_t, s_t</td><td>{@code ReferenceRnnCell}: {@code theta}, {@code s}</td></tr>
 *   <tr><td>ds_j/ds_{j-1} = diag(1 − tanh²(theta_j)) W</td>
 *       <td>{@code ReferenceRnnCell.backward}: {@code dTheta}, then W^T</td></tr>
 *   <tr><td>i_t, f_t, g_t (C~_t), o_t, c_t, h_t</td>
 *       <td>{@code ReferenceLstmCell}: {@code inputGate}, {@code forgetGate}, {@code candidate},
 *           {@code outputGate}, {@code cellState}, {@code hidden}</td></tr>
 *   <tr><td>W_*, U_*, b_* of gate *</td>
 *       <td>block * (i, f, g, o = 0, 1, 2, 3) of {@code weight_ih}, {@code weight_hh},
 *           {@code bias_ih + bias_hh}</td></tr>
 *   <tr><td>the cell path dc_t/dc_{t-1} = diag(f_t)</td>
 *       <td>{@code ReferenceLstmCell.backward}: {@code dcPrev = dCell * forgetGate}</td></tr>
 *   <tr><td>V, b2, o_t, L_t</td>
 *       <td>{@code readout.weight}, {@code readout.bias}, {@code Result.outputs},
 *           {@code ReferenceLoss}</td></tr>
 *   <tr><td>GRU (PyTorch) r, z, n, W_hn h + b_hn</td>
 *       <td>{@code ReferenceGruCell}: {@code resetGate}, {@code updateGate}, {@code candidate},
 *           {@code hiddenProjection}</td></tr>
 * </table>
 *
 * <h2>Indexing</h2>
 * State index t = 0..T as in theory.md: 0 is the initial state, t the state after input step
 * s = t − 1 (inputs are numbered from 0, like {@code SequenceBatch}). Per-state arrays have T+1
 * rows, per-step arrays T rows. The loss of theory.md is one sequence's; the batch loss is its
 * mean over the B sequences, and every gradient here is of the batch loss.
 */
package rnnlab.reference;
