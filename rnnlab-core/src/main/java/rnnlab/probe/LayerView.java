package rnnlab.probe;

import rnnlab.nn.CellType;
import rnnlab.nn.LayerTrace;
import rnnlab.nn.RecurrentNetwork;

/**
 * One layer of a network after a forward pass, read in double: its trace and its recurrent
 * weight W_hh ([G·H, H], PyTorch's gate blocks) as rows. Builds the per-step Jacobians of
 * theory.md from the stored gate values, so nothing is re-run.
 *
 * <p>The state a step Jacobian acts on is h (RNN, GRU; size H) or (h, c) stacked (LSTM; size
 * 2H, h first). Row index = component of the state at t, column index = component at t−1.
 */
final class LayerView {
    final CellType cell;
    final int hidden;
    final LayerTrace trace;
    /** W_hh as rows, [G·H][H]; block g is rows g·H … g·H+H−1. */
    final double[][] weightHh;
    private final double[][][] blocks;
    private final double[][][] blocksT;

    LayerView(RecurrentNetwork net, int layer) {
        this.trace = net.trace(layer);
        this.cell = net.config().cell();
        this.hidden = net.config().hiddenSize();
        float[] w = net.parameter("weight_hh_l" + layer).value();
        int rows = cell.gates() * hidden;
        weightHh = new double[rows][hidden];
        for (int r = 0; r < rows; r++) for (int j = 0; j < hidden; j++) weightHh[r][j] = w[r * hidden + j];
        blocks = new double[cell.gates()][][];
        blocksT = new double[cell.gates()][][];
        for (int g = 0; g < cell.gates(); g++) {
            blocks[g] = java.util.Arrays.copyOfRange(weightHh, g * hidden, (g + 1) * hidden);
        }
    }

    /** Size of the state a step Jacobian acts on: 2H for the LSTM, else H. */
    int stateSize() {
        return cell.hasCellState() ? 2 * hidden : hidden;
    }

    /** Gate block g of W_hh, H×H (rows shared with {@link #weightHh}). */
    double[][] block(int g) {
        return blocks[g];
    }

    /** The transpose of {@link #block}, computed once. */
    double[][] blockTransposed(int g) {
        if (blocksT[g] == null) {
            blocksT[g] = new double[hidden][hidden];
            Dense.transpose(blocks[g], blocksT[g]);
        }
        return blocksT[g];
    }

    private double gate(int t, int b, int block, int j) {
        return trace.gates()[trace.gateOffset(t, b) + block * hidden + j];
    }

    private double state(float[] a, int t, int b, int j) {
        return a[trace.stateOffset(t, b) + j];
    }

    /**
     * out := ∂state_t/∂state_{t−1} of sequence b at step t (1..T): stateSize() square.
     * A padded step (t past the sequence's length) copies the state: the identity.
     */
    void stepJacobian(int b, int t, double[][] out) {
        if (!trace.active(t, b)) {
            Dense.setIdentity(out);
            return;
        }
        switch (cell) {
            case RNN_TANH, RNN_RELU -> rnn(b, t, out);
            case GRU -> gru(b, t, out);
            case LSTM, LSTM_NO_FORGET -> lstm(b, t, out); // f = 1 in the trace: f(1 − f) = 0
        }
    }

    /** diag(1 − s_t²)·W (tanh), diag(s_t > 0)·W (relu): theory.md section 1. */
    private void rnn(int b, int t, double[][] out) {
        double[] slope = new double[hidden];
        rnnSlopes(b, t, slope);
        for (int i = 0; i < hidden; i++) {
            double[] row = out[i], w = weightHh[i];
            for (int j = 0; j < hidden; j++) row[j] = slope[i] * w[j];
        }
    }

    /** The RNN's diagonal at step t: 1 − s_t² (tanh) or s_t > 0 (relu), into {@code slope} (H). */
    void rnnSlopes(int b, int t, double[] slope) {
        boolean relu = cell == CellType.RNN_RELU;
        for (int i = 0; i < hidden; i++) {
            double s = gate(t, b, 0, i);
            slope[i] = relu ? (s > 0 ? 1 : 0) : 1 - s * s;
        }
    }

    /**
     * PyTorch's GRU, {@code h_t = (1 − z)·n + z·h_{t−1}}:
     * {@code ∂h_t/∂h_{t−1} = diag(z) + diag((h_{t−1} − n)·z(1−z))·W_hz
     * + diag((1−z)(1−n²)·p·r(1−r))·W_hr + diag((1−z)(1−n²)·r)·W_hn}, p = W_hn h_{t−1} + b_hn.
     */
    private void gru(int b, int t, double[][] out) {
        double[][] wr = blocks[0], wz = blocks[1], wn = blocks[2];
        int proj = trace.projectionOffset(t, b);
        for (int i = 0; i < hidden; i++) {
            double r = gate(t, b, 0, i), z = gate(t, b, 1, i), n = gate(t, b, 2, i);
            double p = trace.hiddenProjection()[proj + i];
            double hPrev = state(trace.hidden(), t - 1, b, i);
            double dn = (1 - z) * (1 - n * n);
            double az = (hPrev - n) * z * (1 - z), ar = dn * p * r * (1 - r), an = dn * r;
            double[] row = out[i], rr = wr[i], rz = wz[i], rn = wn[i];
            for (int j = 0; j < hidden; j++) row[j] = az * rz[j] + ar * rr[j] + an * rn[j];
            row[i] += z;
        }
    }

    /**
     * The LSTM's 2H×2H {@code ∂(h_t, c_t)/∂(h_{t−1}, c_{t−1})} (theory.md section 2), gates
     * depending on h_{t−1} only:
     * <pre>
     *   ∂c_t/∂h_{t−1} = diag(c_{t−1} f(1−f))·U_f + diag(g i(1−i))·U_i + diag(i (1−g²))·U_g
     *   ∂c_t/∂c_{t−1} = diag(f)
     *   ∂h_t/∂h_{t−1} = diag(tanh(c_t) o(1−o))·U_o + diag(o (1−tanh²c_t))·∂c_t/∂h_{t−1}
     *   ∂h_t/∂c_{t−1} = diag(o (1−tanh²c_t) f)
     * </pre>
     */
    private void lstm(int b, int t, double[][] out) {
        int h = hidden;
        LstmStep c = new LstmStep(h);
        c.load(this, b, t);
        double[][] ui = blocks[0], uf = blocks[1], ug = blocks[2], uo = blocks[3];
        for (int i = 0; i < h; i++) {
            double[] cRow = out[h + i], hRow = out[i], rf = uf[i], ri = ui[i], rg = ug[i], ro = uo[i];
            java.util.Arrays.fill(cRow, h, 2 * h, 0);
            java.util.Arrays.fill(hRow, h, 2 * h, 0);
            double af = c.viaForget[i], ai = c.viaInput[i], ag = c.viaCandidate[i], alpha = c.viaOutput[i], beta = c.throughTanh[i];
            for (int j = 0; j < h; j++) {
                double dc = af * rf[j] + ai * ri[j] + ag * rg[j];
                cRow[j] = dc;
                hRow[j] = alpha * ro[j] + beta * dc;
            }
            cRow[h + i] = c.forget[i];
            hRow[h + i] = beta * c.forget[i];
        }
    }

    /**
     * The diagonal coefficients of the LSTM's step Jacobian (see {@link #lstm}): with
     * {@code C = diag(viaForget)·U_f + diag(viaInput)·U_i + diag(viaCandidate)·U_g},
     * <pre>
     *   ∂c_t/∂h_{t−1} = C                                ∂c_t/∂c_{t−1} = diag(forget)
     *   ∂h_t/∂h_{t−1} = diag(viaOutput)·U_o + diag(throughTanh)·C
     *   ∂h_t/∂c_{t−1} = diag(throughTanh·forget)
     * </pre>
     * viaForget = c_{t−1}·f(1−f), viaInput = g·i(1−i), viaCandidate = i·(1−g²),
     * viaOutput = tanh(c_t)·o(1−o), throughTanh = o·(1−tanh²c_t), forget = f.
     */
    static final class LstmStep {
        final double[] viaForget, viaInput, viaCandidate, viaOutput, throughTanh, forget;

        LstmStep(int h) {
            viaForget = new double[h];
            viaInput = new double[h];
            viaCandidate = new double[h];
            viaOutput = new double[h];
            throughTanh = new double[h];
            forget = new double[h];
        }

        /** The coefficients of sequence b's step t (an active step). */
        void load(LayerView v, int b, int t) {
            for (int i = 0; i < v.hidden; i++) {
                double in = v.gate(t, b, 0, i), f = v.gate(t, b, 1, i), g = v.gate(t, b, 2, i), o = v.gate(t, b, 3, i);
                double cPrev = v.state(v.trace.cell(), t - 1, b, i);
                double tanhC = Math.tanh(v.state(v.trace.cell(), t, b, i));
                viaForget[i] = cPrev * f * (1 - f);
                viaInput[i] = g * in * (1 - in);
                viaCandidate[i] = in * (1 - g * g);
                viaOutput[i] = tanhC * o * (1 - o);
                throughTanh[i] = o * (1 - tanhC * tanhC);
                forget[i] = f;
            }
        }
    }

    /**
     * The coefficients of theory.md's four terms of the total {@code dc_t/dc_{t−1}} for
     * sequence b at step t, each {@code diag(left)·U_gate·diag(right)}:
     * {@code forget} = c_{t−1}·σ'_f, {@code input} = g_t·σ'_i, {@code candidate} = i_t·tanh'_g
     * (left factors of U_f, U_i, U_g), {@code right} = o_{t−1}·tanh'(c_{t−1}) (the path from
     * c_{t−1} into h_{t−1}), and {@code direct} = f_t. At t = 1, h_0 is given rather than
     * computed from c_0, so {@code right} is zero. Writes into the five arrays (H each).
     */
    void cellPathCoefficients(int b, int t, double[] direct, double[] forget, double[] input, double[] candidate, double[] right) {
        for (int i = 0; i < hidden; i++) {
            double in = gate(t, b, 0, i), f = gate(t, b, 1, i), g = gate(t, b, 2, i);
            direct[i] = f;
            forget[i] = state(trace.cell(), t - 1, b, i) * f * (1 - f);
            input[i] = g * in * (1 - in);
            candidate[i] = in * (1 - g * g);
            if (t >= 2 && trace.active(t - 1, b)) {
                double oPrev = gate(t - 1, b, 3, i), tanhPrev = Math.tanh(state(trace.cell(), t - 1, b, i));
                right[i] = oPrev * (1 - tanhPrev * tanhPrev);
            } else {
                right[i] = 0;
            }
        }
    }

    /** Mean of the forget gate f_t over the H units of sequence b at step t. */
    double meanForgetGate(int b, int t) {
        double s = 0;
        for (int i = 0; i < hidden; i++) s += gate(t, b, 1, i);
        return s / hidden;
    }

    /** f_t of unit i, sequence b, step t. */
    double forgetGate(int b, int t, int i) {
        return gate(t, b, 1, i);
    }
}
