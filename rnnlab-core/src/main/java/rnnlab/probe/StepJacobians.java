package rnnlab.probe;

import rnnlab.nn.RecurrentNetwork;

/**
 * The per-step Jacobians of theory.md, read from a network's trace after a forward pass, as
 * plain double matrices {@code m[row][column]}. For showing one step, and for tests; the
 * {@link GradientFlowProbe} uses the same code over every step.
 *
 * <p>All methods read {@code net.trace(layer)} and {@code weight_hh_l{layer}} as they are:
 * call them after {@code net.forward(...)}, before anything else runs on the network. Steps are
 * numbered as in theory.md: step t (1..T) takes state index t−1 to t.
 */
public final class StepJacobians {
    private StepJacobians() {}

    /**
     * ∂state_t/∂state_{t−1} of sequence b at step t, the state being h (RNN, GRU: H×H) or,
     * for the LSTM, (h, c) stacked h first (2H×2H: rows 0..H−1 are h_t, H..2H−1 are c_t;
     * columns likewise h_{t−1} then c_{t−1}). RNN: {@code diag(1 − s_t²)·W} (relu:
     * {@code diag(s_t > 0)·W}); GRU and LSTM as in {@link LayerView}. The identity at a padded step.
     */
    public static double[][] step(RecurrentNetwork net, int layer, int b, int t) {
        checkStep(net, layer, b, t);
        LayerView view = new LayerView(net, layer);
        double[][] out = Dense.zeros(view.stateSize(), view.stateSize());
        view.stepJacobian(b, t, out);
        return out;
    }

    /** Names of the four terms of {@link #cellPathTerms}, in order. */
    public static final java.util.List<String> CELL_PATH_TERMS = java.util.List.of("direct", "through_forget", "through_input", "through_candidate");

    /**
     * LSTM only: the four H×H terms of the total derivative dc_t/dc_{t−1} (theory.md section 2),
     * in the order of {@link #CELL_PATH_TERMS}:
     * <pre>
     *   direct            diag(f_t)
     *   through_forget    diag(c_{t−1}·σ'_f)  U_f diag(o_{t−1}·tanh'(c_{t−1}))
     *   through_input     diag(g_t·σ'_i)      U_i diag(o_{t−1}·tanh'(c_{t−1}))
     *   through_candidate diag(i_t·tanh'_g)   U_g diag(o_{t−1}·tanh'(c_{t−1}))
     * </pre>
     * with σ'_f = f_t(1−f_t), σ'_i = i_t(1−i_t), tanh'_g = 1−g_t². "Total" means that h_{t−1}
     * moves with c_{t−1} through h_{t−1} = o_{t−1}·tanh(c_{t−1}) (o_{t−1} held), so the sum equals
     * {@code J_cc + J_ch·diag(o_{t−1}·tanh'(c_{t−1}))} in the blocks of {@link #step}, where
     * J_cc = diag(f_t) is the partial derivative. At t = 1 the three indirect terms are zero:
     * h_0 is an input, not computed from c_0.
     */
    public static double[][][] cellPathTerms(RecurrentNetwork net, int layer, int b, int t) {
        checkStep(net, layer, b, t);
        if (!net.config().cell().hasCellState()) throw new IllegalArgumentException(net.config().cell() + " has no cell state");
        LayerView view = new LayerView(net, layer);
        int h = view.hidden;
        double[] direct = new double[h], forget = new double[h], input = new double[h], candidate = new double[h], right = new double[h];
        double[][][] terms = new double[4][h][h];
        if (!view.trace.active(t, b)) {
            for (int i = 0; i < h; i++) terms[0][i][i] = 1;
            return terms;
        }
        view.cellPathCoefficients(b, t, direct, forget, input, candidate, right);
        double[][] left = {forget, input, candidate};
        int[] block = {1, 0, 2}; // U_f, U_i, U_g in PyTorch's i, f, g, o order
        for (int i = 0; i < h; i++) terms[0][i][i] = direct[i];
        for (int k = 0; k < 3; k++) {
            double[][] u = view.block(block[k]);
            for (int i = 0; i < h; i++)
                for (int j = 0; j < h; j++) terms[k + 1][i][j] = left[k][i] * u[i][j] * right[j];
        }
        return terms;
    }

    private static void checkStep(RecurrentNetwork net, int layer, int b, int t) {
        if (layer < 0 || layer >= net.config().layers()) throw new IllegalArgumentException("no layer " + layer);
        var tr = net.trace(layer);
        if (tr == null) throw new IllegalStateException("run a forward pass first");
        if (b < 0 || b >= tr.batch()) throw new IllegalArgumentException("no sequence " + b + " in a batch of " + tr.batch());
        if (t < 1 || t > tr.steps()) throw new IllegalArgumentException("step " + t + " outside 1.." + tr.steps());
    }
}
