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
    public void forward(LayerTrace tr, int t, int b0, int b1, float[] unused, CellScratch s) {
        int hidden = tr.hiddenSize(), rows = b1 - b0, n = rows * hidden;
        int gate = tr.gateOffset(t, b0), prev = tr.stateOffset(t - 1, b0), now = tr.stateOffset(t, b0);
        float[] in = s.array(0), fo = s.array(1), ca = s.array(2), ou = s.array(3), cPrev = s.array(4), c = s.array(5);
        gatherBlocks(tr.gates, gate, rows, hidden, in, fo, ca, ou);
        Activations.sigmoid(in, 0, n);
        Activations.sigmoid(fo, 0, n);
        Activations.tanh(ca, 0, n); // candidate C~_t
        Activations.sigmoid(ou, 0, n);
        if (!forgetGate) java.util.Arrays.fill(fo, 0, n, 1f);
        System.arraycopy(tr.cellState, prev, cPrev, 0, n);
        for (int k = 0; k < n; k++) c[k] = fo[k] * cPrev[k] + in[k] * ca[k];
        System.arraycopy(c, 0, tr.cellState, now, n);
        Activations.tanh(c, 0, n);
        for (int k = 0; k < n; k++) c[k] = ou[k] * c[k]; // h_t = o_t * tanh(c_t)
        System.arraycopy(c, 0, tr.hidden, now, n);
        scatterBlocks(rows, hidden, in, fo, ca, ou, tr.gates, gate);
    }

    @Override
    public void backward(LayerTrace tr, int t, int b0, int b1, CellScratch s) {
        int hidden = tr.hiddenSize(), rows = b1 - b0, n = rows * hidden;
        int gate = tr.gateOffset(t, b0), grad = tr.dPreOffset(t, b0); // grad: the same rows in the gradient buffers (a chunk of them, with low memory)
        int prev = tr.stateOffset(t - 1, b0), now = tr.stateOffset(t, b0);
        int dPrev = tr.dStateOffset(t - 1, b0), dNow = tr.dStateOffset(t, b0); // the same states in the gradient buffers
        float[] in = s.array(0), fo = s.array(1), ca = s.array(2), ou = s.array(3);
        float[] tanhC = s.array(4), dh = s.array(5), dc = s.array(6), cPrev = s.array(7), dcPrev = s.array(8);
        gatherBlocks(tr.gates, gate, rows, hidden, in, fo, ca, ou);
        System.arraycopy(tr.cellState, now, tanhC, 0, n);
        Activations.tanh(tanhC, 0, n); // recomputed rather than kept for every step
        System.arraycopy(tr.dHidden, dNow, dh, 0, n);
        System.arraycopy(tr.dCell, dNow, dc, 0, n);
        System.arraycopy(tr.cellState, prev, cPrev, 0, n);
        System.arraycopy(tr.dCell, dPrev, dcPrev, 0, n);
        // The gate blocks become their pre-activation gradients.
        for (int k = 0; k < n; k++) {
            float o = ou[k], tc = tanhC[k], d = dh[k];
            // Total dL/dc_t: the path from step t+1 (already in dCell) plus the one through h_t.
            dc[k] = dc[k] + d * o * (1f - tc * tc);
            ou[k] = d * tc * o * (1f - o);
        }
        for (int k = 0; k < n; k++) {
            float i = in[k], f = fo[k], g = ca[k], d = dc[k];
            in[k] = d * g * i * (1f - i);
            fo[k] = d * cPrev[k] * f * (1f - f);
            ca[k] = d * i * (1f - g * g);
            dcPrev[k] = dcPrev[k] + d * f; // the cell path: dc_t/dc_{t-1} = f_t directly
        }
        RecurrentLayer.flushSubnormals(in, 0, n);
        RecurrentLayer.flushSubnormals(fo, 0, n);
        RecurrentLayer.flushSubnormals(ca, 0, n);
        RecurrentLayer.flushSubnormals(ou, 0, n);
        RecurrentLayer.flushSubnormals(dcPrev, 0, n);
        System.arraycopy(dc, 0, tr.dCell, dNow, n);
        System.arraycopy(dcPrev, 0, tr.dCell, dPrev, n);
        scatterBlocks(rows, hidden, in, fo, ca, ou, tr.dPreInput, grad);
    }

    /** The i, f, g, o blocks of rows [off, off + rows·4H) of {@code rowsOf4} into four arrays. */
    private static void gatherBlocks(float[] rowsOf4, int off, int rows, int hidden, float[] i, float[] f, float[] g, float[] o) {
        int width = 4 * hidden;
        CellScratch.gather(rowsOf4, off, width, rows, hidden, i);
        CellScratch.gather(rowsOf4, off + hidden, width, rows, hidden, f);
        CellScratch.gather(rowsOf4, off + 2 * hidden, width, rows, hidden, g);
        CellScratch.gather(rowsOf4, off + 3 * hidden, width, rows, hidden, o);
    }

    /** The inverse of {@link #gatherBlocks}. */
    private static void scatterBlocks(int rows, int hidden, float[] i, float[] f, float[] g, float[] o, float[] rowsOf4, int off) {
        int width = 4 * hidden;
        CellScratch.scatter(i, rows, hidden, rowsOf4, off, width);
        CellScratch.scatter(f, rows, hidden, rowsOf4, off + hidden, width);
        CellScratch.scatter(g, rows, hidden, rowsOf4, off + 2 * hidden, width);
        CellScratch.scatter(o, rows, hidden, rowsOf4, off + 3 * hidden, width);
    }
}
