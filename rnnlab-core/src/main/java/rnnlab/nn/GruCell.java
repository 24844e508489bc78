package rnnlab.nn;

import rnnlab.math.Activations;

/**
 * PyTorch's GRU, blocks r, z, n:
 * <pre>
 *   r_t = sigma(W_ir x + b_ir + W_hr h + b_hr)
 *   z_t = sigma(W_iz x + b_iz + W_hz h + b_hz)
 *   n_t = tanh (W_in x + b_in + r_t * (W_hn h + b_hn))
 *   h_t = (1 - z_t) * n_t + z_t * h_{t-1}
 * </pre>
 * {@code b_hn} sits inside the reset product, so the hidden projection is kept apart from the
 * input projection, and the n block's two pre-activation gradients differ by the factor r_t.
 */
final class GruCell implements Cell {

    @Override
    public void forward(LayerTrace tr, int t, int b0, int b1, float[] hiddenPre, CellScratch s) {
        int hidden = tr.hiddenSize(), rows = b1 - b0, n = rows * hidden;
        int gate = tr.gateOffset(t, b0), pre = b0 * 3 * hidden;
        int prev = tr.stateOffset(t - 1, b0), now = tr.stateOffset(t, b0);
        float[] r = s.array(0), z = s.array(1), cand = s.array(2), hr = s.array(3), hz = s.array(4), hn = s.array(5), h = s.array(6);
        gatherBlocks(tr.gates, gate, rows, hidden, r, z, cand);
        gatherBlocks(hiddenPre, pre, rows, hidden, hr, hz, hn);
        for (int k = 0; k < n; k++) {
            r[k] += hr[k];
            z[k] += hz[k];
        }
        Activations.sigmoid(r, 0, n); // reset gate
        Activations.sigmoid(z, 0, n); // update gate
        System.arraycopy(hn, 0, tr.hiddenProjection, tr.projectionOffset(t, b0), n); // W_hn h + b_hn
        for (int k = 0; k < n; k++) cand[k] += r[k] * hn[k];
        Activations.tanh(cand, 0, n); // candidate n_t
        System.arraycopy(tr.hidden, prev, h, 0, n);
        for (int k = 0; k < n; k++) h[k] = (1f - z[k]) * cand[k] + z[k] * h[k];
        System.arraycopy(h, 0, tr.hidden, now, n);
        scatterBlocks(rows, hidden, r, z, cand, tr.gates, gate);
    }

    @Override
    public void backward(LayerTrace tr, int t, int b0, int b1, CellScratch s) {
        int hidden = tr.hiddenSize(), rows = b1 - b0, n = rows * hidden;
        int gate = tr.gateOffset(t, b0), grad = tr.dPreOffset(t, b0); // grad: the same rows in the gradient buffers (a chunk of them, with low memory)
        int prev = tr.stateOffset(t - 1, b0), dPrev = tr.dStateOffset(t - 1, b0), dNow = tr.dStateOffset(t, b0);
        float[] r = s.array(0), z = s.array(1), cand = s.array(2), dh = s.array(3), hPrev = s.array(4), proj = s.array(5), dhPrev = s.array(6);
        gatherBlocks(tr.gates, gate, rows, hidden, r, z, cand);
        System.arraycopy(tr.dHidden, dNow, dh, 0, n);
        System.arraycopy(tr.hidden, prev, hPrev, 0, n);
        System.arraycopy(tr.hiddenProjection, tr.projectionOffset(t, b0), proj, 0, n);
        System.arraycopy(tr.dHidden, dPrev, dhPrev, 0, n);
        // The gate blocks become their pre-activation gradients (input side), proj the n block's
        // hidden side; all flushed of subnormals after (drPre is formed from dnPre unflushed).
        for (int k = 0; k < n; k++) {
            float resetGate = r[k], updateGate = z[k], candidate = cand[k], d = dh[k];
            float dnPre = d * (1f - updateGate) * (1f - candidate * candidate);
            float dzPre = d * (hPrev[k] - candidate) * updateGate * (1f - updateGate);
            float drPre = dnPre * proj[k] * resetGate * (1f - resetGate);
            r[k] = drPre;
            z[k] = dzPre;
            cand[k] = dnPre;
            proj[k] = dnPre * resetGate;
            dhPrev[k] += d * updateGate; // the weight-free path through z_t * h_{t-1}
        }
        RecurrentLayer.flushSubnormals(r, 0, n);
        RecurrentLayer.flushSubnormals(z, 0, n);
        RecurrentLayer.flushSubnormals(cand, 0, n);
        RecurrentLayer.flushSubnormals(proj, 0, n);
        System.arraycopy(dhPrev, 0, tr.dHidden, dPrev, n);
        scatterBlocks(rows, hidden, r, z, cand, tr.dPreInput, grad);
        scatterBlocks(rows, hidden, r, z, proj, tr.dPreHidden, grad);
    }

    /** The r, z, n blocks of rows [off, off + rows·3H) of {@code rowsOf3} into three arrays. */
    private static void gatherBlocks(float[] rowsOf3, int off, int rows, int hidden, float[] r, float[] z, float[] n) {
        int width = 3 * hidden;
        CellScratch.gather(rowsOf3, off, width, rows, hidden, r);
        CellScratch.gather(rowsOf3, off + hidden, width, rows, hidden, z);
        CellScratch.gather(rowsOf3, off + 2 * hidden, width, rows, hidden, n);
    }

    /** The inverse of {@link #gatherBlocks}. */
    private static void scatterBlocks(int rows, int hidden, float[] r, float[] z, float[] n, float[] rowsOf3, int off) {
        int width = 3 * hidden;
        CellScratch.scatter(r, rows, hidden, rowsOf3, off, width);
        CellScratch.scatter(z, rows, hidden, rowsOf3, off + hidden, width);
        CellScratch.scatter(n, rows, hidden, rowsOf3, off + 2 * hidden, width);
    }
}
