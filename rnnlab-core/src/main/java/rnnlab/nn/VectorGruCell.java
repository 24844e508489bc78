package rnnlab.nn;

import static rnnlab.nn.Lanes.S;

import jdk.incubator.vector.FloatVector;
import rnnlab.math.Activations;

/**
 * {@link GruCell} with the Vector API, row by row in place in the trace (see {@link Lanes}):
 * the same float operations in the same order, so the same bits (VectorCellsTest).
 */
final class VectorGruCell implements Cell {

    @Override
    public void forward(LayerTrace tr, int t, int b0, int b1, float[] hiddenPre, CellScratch s) {
        int hidden = tr.hiddenSize(), width = 3 * hidden;
        int gate = tr.gateOffset(t, b0), pre = b0 * width, proj = tr.projectionOffset(t, b0);
        int prev = tr.stateOffset(t - 1, b0), now = tr.stateOffset(t, b0);
        for (int b = b0; b < b1; b++, gate += width, pre += width, proj += hidden, prev += hidden, now += hidden) {
            forwardRow(tr, hidden, gate, hiddenPre, pre, proj, prev, now);
        }
    }

    /** One row: r and z from both sides, n, then h_t. */
    private static void forwardRow(LayerTrace tr, int hidden, int gate, float[] hiddenPre, int pre, int proj, int prev, int now) {
        float[] gates = tr.gates;
        for (int j = 0; j < 2 * hidden; j += S.length()) { // the r and z blocks, side by side in both
            FloatVector.fromArray(S, gates, gate + j).add(FloatVector.fromArray(S, hiddenPre, pre + j)).intoArray(gates, gate + j);
        }
        Activations.sigmoid(gates, gate, 2 * hidden); // reset and update gates
        candidateInput(gates, gate, hidden, hiddenPre, pre + 2 * hidden, tr.hiddenProjection, proj);
        Activations.tanh(gates, gate + 2 * hidden, hidden); // candidate n_t
        newState(gates, gate, hidden, tr.hidden, prev, now);
    }

    /** The n block := input side + r_t·(W_hn h + b_hn), the latter kept aside for backward. */
    private static void candidateInput(float[] gates, int gate, int hidden, float[] hiddenPre, int preN, float[] projection, int proj) {
        for (int j = 0; j < hidden; j += S.length()) {
            FloatVector hn = FloatVector.fromArray(S, hiddenPre, preN + j);
            hn.intoArray(projection, proj + j);
            int jn = gate + 2 * hidden + j;
            FloatVector.fromArray(S, gates, jn).add(FloatVector.fromArray(S, gates, gate + j).mul(hn)).intoArray(gates, jn);
        }
    }

    /** h_t = (1 − z_t)·n_t + z_t·h_{t−1}. */
    private static void newState(float[] gates, int gate, int hidden, float[] h, int prev, int now) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < hidden; j += S.length()) {
            FloatVector z = FloatVector.fromArray(S, gates, gate + hidden + j), n = FloatVector.fromArray(S, gates, gate + 2 * hidden + j);
            one.sub(z).mul(n).add(z.mul(FloatVector.fromArray(S, h, prev + j))).intoArray(h, now + j);
        }
    }

    /**
     * The pre-activation gradients of each row, input side into dPreInput and hidden side into
     * dPreHidden (they differ in the n block by the factor r_t), and the weight-free path
     * z_t·∂L/∂h_t added to ∂L/∂h_{t−1} (which the layer flushes after its product); then the
     * block's gradient rows, contiguous, flushed in one pass each.
     */
    @Override
    public void backward(LayerTrace tr, int t, int b0, int b1, CellScratch s) {
        int hidden = tr.hiddenSize(), width = 3 * hidden, rows = b1 - b0;
        int gate = tr.gateOffset(t, b0), grad0 = tr.dPreOffset(t, b0), proj = tr.projectionOffset(t, b0);
        int prev = tr.stateOffset(t - 1, b0), dPrev = tr.dStateOffset(t - 1, b0), dNow = tr.dStateOffset(t, b0);
        for (int r = 0, grad = grad0; r < rows; r++, gate += width, grad += width, proj += hidden, prev += hidden, dPrev += hidden, dNow += hidden) {
            gradients(tr.gates, gate, hidden, tr.hidden, prev, tr.hiddenProjection, proj, tr.dHidden, dPrev, dNow, tr.dPreInput, tr.dPreHidden, grad);
        }
        RecurrentLayer.flushSubnormals(tr.dPreInput, grad0, rows * width);
        RecurrentLayer.flushSubnormals(tr.dPreHidden, grad0, rows * width);
    }

    /** One row of {@link #backward}, unflushed (drPre is formed from dnPre unflushed). */
    private static void gradients(float[] gates, int gate, int hidden, float[] h, int prev, float[] projection, int proj,
                                  float[] dH, int dPrev, int dNow, float[] dIn, float[] dHid, int grad) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < hidden; j += S.length()) {
            int jr = gate + j, jz = jr + hidden, jn = jz + hidden, gr = grad + j, gz = gr + hidden, gn = gz + hidden;
            FloatVector r = FloatVector.fromArray(S, gates, jr), z = FloatVector.fromArray(S, gates, jz), n = FloatVector.fromArray(S, gates, jn);
            FloatVector d = FloatVector.fromArray(S, dH, dNow + j);
            FloatVector dnPre = d.mul(one.sub(z)).mul(one.sub(n.mul(n)));
            FloatVector dzPre = d.mul(FloatVector.fromArray(S, h, prev + j).sub(n)).mul(z).mul(one.sub(z));
            FloatVector drPre = dnPre.mul(FloatVector.fromArray(S, projection, proj + j)).mul(r).mul(one.sub(r));
            drPre.intoArray(dIn, gr);
            dzPre.intoArray(dIn, gz);
            dnPre.intoArray(dIn, gn);
            drPre.intoArray(dHid, gr);
            dzPre.intoArray(dHid, gz);
            dnPre.mul(r).intoArray(dHid, gn);
            FloatVector.fromArray(S, dH, dPrev + j).add(d.mul(z)).intoArray(dH, dPrev + j);
        }
    }
}
