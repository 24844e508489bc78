package rnnlab.nn;

import rnnlab.math.Activations;

/**
 * The LSTM of theory.md section 2, gate blocks in PyTorch's order i, f, g, o:
 * <pre>
 *   f_t = sigma(.)   i_t = sigma(.)   g_t = tanh(.)   o_t = sigma(.)
 *   c_t = f_t * c_{t-1} + i_t * g_t
 *   h_t = o_t * tanh(c_t)
 * </pre>
 * Backward keeps the cell path explicit: {@code dcPrev += dc * forgetGate}, the direct term of
 * dc_t/dc_{t-1} that involves no weight matrix.
 *
 * <p>Without a forget gate (the LSTM of 1997) the forget block is set to exactly 1 after the
 * nonlinearities: then {@code c_t = c_{t-1} + i_t·g_t}, σ'·… = f(1 − f) = 0 zeroes the forget
 * block's gradient, and the trace (and every probe reading it) sees f = 1.
 */
final class LstmCell implements Cell {
    private final boolean forgetGate;

    LstmCell(boolean forgetGate) {
        this.forgetGate = forgetGate;
    }

    @Override
    public void forward(LayerTrace tr, int t, int b, float[] unused, int unusedOff, float[] scratch) {
        int hidden = tr.hiddenSize();
        int in = tr.gateOffset(t, b), fo = in + hidden, ca = fo + hidden, ou = ca + hidden;
        int prev = tr.stateOffset(t - 1, b);
        int now = tr.stateOffset(t, b);
        float[] g = tr.gates;
        // Nonlinearities over whole contiguous blocks, so that the loops vectorise.
        Activations.sigmoid(g, in, 2 * hidden); // input and forget gates
        Activations.tanh(g, ca, hidden);        // candidate C~_t
        Activations.sigmoid(g, ou, hidden);     // output gate
        if (!forgetGate) java.util.Arrays.fill(g, fo, fo + hidden, 1f);
        float[] c = tr.cellState;
        for (int j = 0; j < hidden; j++) {
            c[now + j] = g[fo + j] * c[prev + j] + g[in + j] * g[ca + j];
        }
        float[] tanhC = cellTanh(tr, now, scratch);
        for (int j = 0; j < hidden; j++) {
            tr.hidden[now + j] = g[ou + j] * tanhC[j];
        }
    }

    /** tanh(c_t) of one row into the scratch row, in one vectorisable pass. */
    private static float[] cellTanh(LayerTrace tr, int now, float[] row) {
        System.arraycopy(tr.cellState, now, row, 0, row.length);
        Activations.tanh(row, 0, row.length);
        return row;
    }

    @Override
    public void backward(LayerTrace tr, int t, int b, float[] scratch) {
        int hidden = tr.hiddenSize();
        int gate = tr.gateOffset(t, b);
        int grad = tr.dPreOffset(t, b); // the same rows in the gradient buffers (a chunk of them, with low memory)
        int prev = tr.stateOffset(t - 1, b);
        int now = tr.stateOffset(t, b);
        float[] g = tr.gates;
        float[] dPre = tr.dPreInput;
        float[] dc = cellTanh(tr, now, scratch); // holds tanh(c_t), recomputed, then dL/dc_t
        float[] dHidden = tr.dHidden, dCell = tr.dCell, c = tr.cellState;
        int in = gate, fo = in + hidden, ca = fo + hidden, ou = ca + hidden;
        int dIn = grad, dFo = dIn + hidden, dCa = dFo + hidden, dOu = dCa + hidden;
        // Three passes with stride-1 streams only, so that each vectorises; the arithmetic is the
        // one-loop form's, so the results are bit-identical to it. Each gradient written is
        // flushed of subnormals as it is written (RecurrentLayer#flushSubnormals).
        for (int j = 0; j < hidden; j++) {
            float outputGate = g[ou + j], tanhC = dc[j], dh = dHidden[now + j];
            // Total dL/dc_t: the path from step t+1 (already in dCell) plus the one through h_t.
            float total = dCell[now + j] + dh * outputGate * (1f - tanhC * tanhC);
            dCell[now + j] = total;
            dPre[dOu + j] = RecurrentLayer.flush(dh * tanhC * outputGate * (1f - outputGate));
            dc[j] = total;
        }
        for (int j = 0; j < hidden; j++) {
            float inputGate = g[in + j], forgetGate = g[fo + j], candidate = g[ca + j], d = dc[j];
            dPre[dIn + j] = RecurrentLayer.flush(d * candidate * inputGate * (1f - inputGate));
            dPre[dFo + j] = RecurrentLayer.flush(d * c[prev + j] * forgetGate * (1f - forgetGate));
            dPre[dCa + j] = RecurrentLayer.flush(d * inputGate * (1f - candidate * candidate));
        }
        for (int j = 0; j < hidden; j++) {
            dCell[prev + j] = RecurrentLayer.flush(dCell[prev + j] + dc[j] * g[fo + j]); // the cell path: dc_t/dc_{t-1} = f_t directly
        }
    }
}
