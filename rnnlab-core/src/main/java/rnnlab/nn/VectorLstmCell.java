package rnnlab.nn;

import static rnnlab.nn.Lanes.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import rnnlab.math.Activations;

/**
 * {@link LstmCell} with the Vector API, row by row in place in the trace (see {@link Lanes}):
 * the same float operations in the same order, so the same bits.
 */
final class VectorLstmCell implements Cell {
    private final boolean forgetGate;

    VectorLstmCell(boolean forgetGate) {
        this.forgetGate = forgetGate;
    }

    @Override
    public void forward(LayerTrace tr, int t, int b0, int b1, float[] unused, CellScratch s) {
        int hidden = tr.hiddenSize(), width = 4 * hidden, rows = b1 - b0;
        int gate0 = tr.gateOffset(t, b0), prev0 = tr.stateOffset(t - 1, b0), now0 = tr.stateOffset(t, b0);
        for (int r = 0, gate = gate0; r < rows; r++, gate += width) {
            if (forgetGate) {
                Activations.sigmoid(tr.gates, gate, 2 * hidden); // i, f
            } else {
                Activations.sigmoid(tr.gates, gate, hidden);
                Arrays.fill(tr.gates, gate + hidden, gate + 2 * hidden, 1f);
            }
            Activations.tanh(tr.gates, gate + 2 * hidden, hidden); // candidate C~_t
            Activations.sigmoid(tr.gates, gate + 3 * hidden, hidden);
            cellState(tr.gates, gate, hidden, tr.cellState, prev0 + r * hidden, now0 + r * hidden, tr.hidden);
        }
        // The block's states are contiguous: one long loop (a loop per row of 8 vectors at H = 128 runs slower).
        Activations.tanh(tr.hidden, now0, rows * hidden);
        for (int r = 0; r < rows; r++) timesOutputGate(tr.gates, gate0 + r * width + 3 * hidden, tr.hidden, now0 + r * hidden, hidden);
    }

    /** c_t = f·c_{t−1} + i·C~ for one row, into the cell state and (to become h_t) the hidden state. */
    private static void cellState(float[] gates, int gate, int hidden, float[] cell, int prev, int now, float[] h) {
        for (int j = 0; j < hidden; j += S.length()) {
            FloatVector i = FloatVector.fromArray(S, gates, gate + j);
            FloatVector f = FloatVector.fromArray(S, gates, gate + hidden + j);
            FloatVector g = FloatVector.fromArray(S, gates, gate + 2 * hidden + j);
            FloatVector c = f.mul(FloatVector.fromArray(S, cell, prev + j)).add(i.mul(g));
            c.intoArray(cell, now + j);
            c.intoArray(h, now + j);
        }
    }

    /** h_t = o_t·tanh(c_t), the tanh already in h. */
    private static void timesOutputGate(float[] gates, int out, float[] h, int now, int hidden) {
        for (int j = 0; j < hidden; j += S.length()) {
            FloatVector.fromArray(S, gates, out + j).mul(FloatVector.fromArray(S, h, now + j)).intoArray(h, now + j);
        }
    }

    @Override
    public void backward(LayerTrace tr, int t, int b0, int b1, CellScratch s) {
        int hidden = tr.hiddenSize(), width = 4 * hidden, rows = b1 - b0;
        int gate = tr.gateOffset(t, b0), grad0 = tr.dPreOffset(t, b0), prev = tr.stateOffset(t - 1, b0);
        int dPrev0 = tr.dStateOffset(t - 1, b0), dNow = tr.dStateOffset(t, b0); // the same states in the gradient buffers
        float[] tanhC = s.array(0);
        System.arraycopy(tr.cellState, tr.stateOffset(t, b0), tanhC, 0, rows * hidden);
        Activations.tanh(tanhC, 0, rows * hidden); // recomputed rather than kept for every step
        for (int r = 0, grad = grad0, dPrev = dPrev0; r < rows; r++, gate += width, grad += width, prev += hidden, dPrev += hidden, dNow += hidden) {
            cellGradient(tr.gates, gate + 3 * hidden, tanhC, r * hidden, tr.dHidden, tr.dCell, dNow, tr.dPreInput, grad + 3 * hidden, hidden);
            gateGradients(tr.gates, gate, hidden, tr.cellState, prev, tr.dCell, dPrev, dNow, tr.dPreInput, grad);
        }
        RecurrentLayer.flushSubnormals(tr.dPreInput, grad0, rows * width);
        RecurrentLayer.flushSubnormals(tr.dCell, dPrev0, rows * hidden);
    }

    /** dc_t += dh_t·o_t·(1 − tanh²c_t) (the path through h_t), and the o block's pre-activation gradient. */
    private static void cellGradient(float[] gates, int out, float[] tanhC, int tc0, float[] dH, float[] dC, int dNow,
                                     float[] dPre, int dOut, int hidden) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < hidden; j += S.length()) {
            FloatVector o = FloatVector.fromArray(S, gates, out + j);
            FloatVector tc = FloatVector.fromArray(S, tanhC, tc0 + j);
            FloatVector dh = FloatVector.fromArray(S, dH, dNow + j);
            FloatVector.fromArray(S, dC, dNow + j).add(dh.mul(o).mul(one.sub(tc.mul(tc)))).intoArray(dC, dNow + j);
            dh.mul(tc).mul(o).mul(one.sub(o)).intoArray(dPre, dOut + j);
        }
    }

    /** The i, f, g blocks' pre-activation gradients from the complete dc_t, and the cell path dc_{t−1} += dc_t·f_t. */
    private static void gateGradients(float[] gates, int gate, int hidden, float[] cell, int prev, float[] dC, int dPrev, int dNow,
                                      float[] dPre, int grad) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < hidden; j += S.length()) {
            FloatVector i = FloatVector.fromArray(S, gates, gate + j);
            FloatVector f = FloatVector.fromArray(S, gates, gate + hidden + j);
            FloatVector g = FloatVector.fromArray(S, gates, gate + 2 * hidden + j);
            FloatVector dc = FloatVector.fromArray(S, dC, dNow + j);
            dc.mul(g).mul(i).mul(one.sub(i)).intoArray(dPre, grad + j);
            dc.mul(FloatVector.fromArray(S, cell, prev + j)).mul(f).mul(one.sub(f)).intoArray(dPre, grad + hidden + j);
            dc.mul(i).mul(one.sub(g.mul(g))).intoArray(dPre, grad + 2 * hidden + j);
            FloatVector.fromArray(S, dC, dPrev + j).add(dc.mul(f)).intoArray(dC, dPrev + j);
        }
    }
}
