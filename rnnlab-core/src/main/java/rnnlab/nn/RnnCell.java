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
    public void forward(LayerTrace tr, int t, int b, float[] unused, int unusedOff, float[] scratch) {
        int hidden = tr.hiddenSize();
        int theta = tr.gateOffset(t, b);
        float[] g = tr.gates;
        if (relu) {
            for (int j = 0; j < hidden; j++) g[theta + j] = Math.max(0f, g[theta + j]);
        } else {
            Activations.tanh(g, theta, hidden);
        }
        System.arraycopy(g, theta, tr.hidden, tr.stateOffset(t, b), hidden); // the gate row is s_t itself
    }

    @Override
    public void backward(LayerTrace tr, int t, int b, float[] scratch) {
        int hidden = tr.hiddenSize();
        int row = tr.gateOffset(t, b);
        int grad = tr.dPreOffset(t, b); // the same row in the gradient buffer (a chunk of them, with low memory)
        int s = tr.stateOffset(t, b);
        for (int j = 0; j < hidden; j++) {
            float st = tr.gates[row + j];
            float slope = relu ? (st > 0f ? 1f : 0f) : 1f - st * st; // tanh'(theta) = 1 - s^2
            tr.dPreInput[grad + j] = RecurrentLayer.flush(tr.dHidden[s + j] * slope); // flushed as written (RecurrentLayer#flushSubnormals)
        }
    }
}
