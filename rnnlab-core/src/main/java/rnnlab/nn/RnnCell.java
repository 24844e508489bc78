package rnnlab.nn;

import rnnlab.math.Activations;

/**
 * The seeds' RNN: {@code s_t = tanh(theta_t)}, {@code theta_t = U x_t + W s_{t-1} + b1}
 * (theory.md section 1), or relu instead of tanh (IRNN). In PyTorch's names U is
 * {@code weight_ih}, W is {@code weight_hh} and b1 is {@code bias_ih + bias_hh}.
 *
 * <p>Backward is the per-step Jacobian {@code ds_t/ds_{t-1} = diag(1 - s_t^2) W}: the cell
 * multiplies by the diagonal, the layer by W.
 */
final class RnnCell implements Cell {
    private final boolean relu;

    RnnCell(boolean relu) {
        this.relu = relu;
    }

    @Override
    public void forward(LayerTrace tr, int t, int b0, int b1, float[] unused, CellScratch s) {
        int n = (b1 - b0) * tr.hiddenSize();
        int theta = tr.gateOffset(t, b0); // one block per row: the rows are contiguous
        float[] g = tr.gates;
        if (relu) {
            for (int i = theta, end = theta + n; i < end; i++) g[i] = Math.max(0f, g[i]);
        } else {
            Activations.tanh(g, theta, n);
        }
        // nothing to copy: the RNN's gate rows are its states s_t (LayerTrace keeps them in one array)
    }

    @Override
    public void backward(LayerTrace tr, int t, int b0, int b1, CellScratch s) {
        int n = (b1 - b0) * tr.hiddenSize();
        float[] st = s.array(0), dh = s.array(1);
        System.arraycopy(tr.gates, tr.gateOffset(t, b0), st, 0, n);
        System.arraycopy(tr.dHidden, tr.dStateOffset(t, b0), dh, 0, n);
        if (relu) {
            for (int k = 0; k < n; k++) st[k] = dh[k] * (st[k] > 0f ? 1f : 0f);
        } else {
            for (int k = 0; k < n; k++) st[k] = dh[k] * (1f - st[k] * st[k]); // tanh'(theta) = 1 - s^2
        }
        RecurrentLayer.flushSubnormals(st, 0, n);
        // The same rows in the gradient buffer (a chunk of them, with low memory).
        System.arraycopy(st, 0, tr.dPreInput, tr.dPreOffset(t, b0), n);
    }
}
