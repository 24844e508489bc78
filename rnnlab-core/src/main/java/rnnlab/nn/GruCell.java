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
    public void forward(LayerTrace tr, int t, int b, float[] hiddenPre, int hp, float[] scratch) {
        int hidden = tr.hiddenSize();
        int r = tr.gateOffset(t, b), z = r + hidden, n = z + hidden;
        int prev = tr.stateOffset(t - 1, b);
        int now = tr.stateOffset(t, b);
        int proj = tr.projectionOffset(t, b);
        float[] g = tr.gates;
        for (int j = 0; j < 2 * hidden; j++) g[r + j] += hiddenPre[hp + j];
        Activations.sigmoid(g, r, 2 * hidden); // reset and update gates
        System.arraycopy(hiddenPre, hp + 2 * hidden, tr.hiddenProjection, proj, hidden); // W_hn h + b_hn
        for (int j = 0; j < hidden; j++) g[n + j] += g[r + j] * tr.hiddenProjection[proj + j];
        Activations.tanh(g, n, hidden); // candidate n_t
        for (int j = 0; j < hidden; j++) {
            float updateGate = g[z + j];
            tr.hidden[now + j] = (1f - updateGate) * g[n + j] + updateGate * tr.hidden[prev + j];
        }
    }

    @Override
    public void backward(LayerTrace tr, int t, int b, float[] scratch) {
        int hidden = tr.hiddenSize();
        int gate = tr.gateOffset(t, b);
        int prev = tr.stateOffset(t - 1, b);
        int now = tr.stateOffset(t, b);
        int proj = tr.projectionOffset(t, b);
        float[] g = tr.gates;
        int grad = tr.dPreOffset(t, b); // the same rows in the gradient buffers (a chunk of them, with low memory)
        for (int j = 0; j < hidden; j++) {
            int r = gate + j, z = r + hidden, n = z + hidden;
            int dr = grad + j, dz = dr + hidden, dn = dz + hidden;
            float resetGate = g[r], updateGate = g[z], candidate = g[n];
            float dh = tr.dHidden[now + j];
            float dnPre = dh * (1f - updateGate) * (1f - candidate * candidate);
            float dzPre = dh * (tr.hidden[prev + j] - candidate) * updateGate * (1f - updateGate);
            float drPre = dnPre * tr.hiddenProjection[proj + j] * resetGate * (1f - resetGate);
            // Stored flushed of subnormals (RecurrentLayer#flushSubnormals); drPre is formed from
            // dnPre before its flush, as when the rows were flushed after the cell.
            float drOut = RecurrentLayer.flush(drPre), dzOut = RecurrentLayer.flush(dzPre);
            tr.dPreInput[dr] = drOut;
            tr.dPreInput[dz] = dzOut;
            tr.dPreInput[dn] = RecurrentLayer.flush(dnPre);
            tr.dPreHidden[dr] = drOut;
            tr.dPreHidden[dz] = dzOut;
            tr.dPreHidden[dn] = RecurrentLayer.flush(dnPre * resetGate);
            tr.dHidden[prev + j] += dh * updateGate; // the weight-free path through z_t * h_{t-1}
        }
    }
}
