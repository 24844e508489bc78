package rnnlab.nn;

import rnnlab.math.Blas;

/**
 * The linear readout {@code o_t = V h_t + b2} and the loss on it (theory.md section 1), applied
 * to the top layer's states at the scored steps: each sequence's last step, or every step.
 *
 * <p>The loss is {@code L = (1/B) Σ_b Σ_t L_t}: summed over a sequence's scored steps as in the
 * seeds, averaged over the batch.
 */
final class Readout {
    final Parameter weight; // V  [O, H]
    final Parameter bias;   // b2 [O]
    private final int hiddenSize;
    private final int outputs;
    private float[] states = new float[0];  // the scored h_t, [B, H] (last-step loss only)
    private float[] out = new float[0];     // o_t, [rows, O]
    private float[] dOut = new float[0];    // dL/do_t, [rows, O]
    private float[] dStates = new float[0]; // dL/dh_t through the readout, [B, H] (last-step loss only)
    private int rows;
    private boolean[] scored = new boolean[0];
    private SequenceBatch batch;

    Readout(int hiddenSize, int outputs) {
        this.hiddenSize = hiddenSize;
        this.outputs = outputs;
        this.weight = new Parameter("readout.weight", outputs, hiddenSize);
        this.bias = new Parameter("readout.bias", outputs);
    }

    /** The outputs of the last forward: [B, O] for {@link LossAt#LAST}, [T, B, O] for EVERY. */
    float[] outputs() {
        return out;
    }

    /**
     * Computes the outputs from the top layer's trace and, when the batch has targets, the loss
     * and its gradient with respect to the outputs.
     */
    Evaluation forward(Blas blas, LayerTrace top, SequenceBatch batch, int firstScoredStep) {
        this.batch = batch;
        LossAt at = batch.targets() == null ? LossAt.EVERY : batch.targets().at();
        int steps = batch.steps(), b = batch.batch();
        rows = at == LossAt.LAST ? b : steps * b;
        ensureCapacity(at == LossAt.LAST ? b : 0);
        float[] source;
        int sourceOff;
        if (at == LossAt.LAST) {
            gatherLastStates(top, batch);
            source = states;
            sourceOff = 0;
        } else {
            source = top.hidden;
            sourceOff = top.stateOffset(1, 0);
        }
        RecurrentLayer.fillRows(out, rows, bias.value(), null);
        blas.gemm(false, true, rows, outputs, hiddenSize, 1f, source, sourceOff, hiddenSize,
                weight.value(), 0, hiddenSize, 1f, out, 0, outputs);
        markScored(batch, at, firstScoredStep);
        return batch.targets() == null ? null : Loss.evaluate(batch.targets(), out, dOut, scored, rows, b);
    }

    /**
     * Back-propagates the loss through the readout: adds to dV, db2, and writes ∂L/∂h_t for
     * t = 1..T into {@code dTop[dTopOff ..]} ([T, B, H], zero where no loss reaches).
     */
    void backward(Blas blas, LayerTrace top, float[] dTop, int dTopOff) {
        LossAt at = batch.targets().at();
        int b = batch.batch();
        float[] source = at == LossAt.LAST ? states : top.hidden;
        int sourceOff = at == LossAt.LAST ? 0 : top.stateOffset(1, 0);
        blas.gemm(true, false, outputs, hiddenSize, rows, 1f, dOut, 0, outputs,
                source, sourceOff, hiddenSize, 1f, weight.grad(), 0, hiddenSize);
        RecurrentLayer.addColumnSums(dOut, rows, outputs, bias.grad());
        if (at == LossAt.EVERY) {
            blas.gemm(false, false, rows, hiddenSize, outputs, 1f, dOut, 0, outputs,
                    weight.value(), 0, hiddenSize, 0f, dTop, dTopOff, hiddenSize);
            return;
        }
        blas.gemm(false, false, rows, hiddenSize, outputs, 1f, dOut, 0, outputs,
                weight.value(), 0, hiddenSize, 0f, dStates, 0, hiddenSize);
        java.util.Arrays.fill(dTop, dTopOff, dTopOff + batch.steps() * b * hiddenSize, 0f);
        for (int s = 0; s < b; s++) {
            int len = batch.length(s);
            if (len > 0) System.arraycopy(dStates, s * hiddenSize, dTop, dTopOff + ((len - 1) * b + s) * hiddenSize, hiddenSize);
        }
    }

    /** h at each sequence's own last step (state index = its length). */
    private void gatherLastStates(LayerTrace top, SequenceBatch batch) {
        for (int s = 0; s < batch.batch(); s++) {
            System.arraycopy(top.hidden, top.stateOffset(batch.length(s), s), states, s * hiddenSize, hiddenSize);
        }
    }

    private void markScored(SequenceBatch batch, LossAt at, int firstScoredStep) {
        int b = batch.batch();
        for (int r = 0; r < rows; r++) {
            int s = r % b;
            int step = at == LossAt.LAST ? batch.length(s) - 1 : r / b;
            scored[r] = step >= firstScoredStep && batch.active(step, s);
        }
    }

    private void ensureCapacity(int stateRows) {
        if (out.length != rows * outputs) {
            out = new float[rows * outputs];
            dOut = new float[rows * outputs];
            scored = new boolean[rows];
        }
        if (states.length != stateRows * hiddenSize) {
            states = new float[stateRows * hiddenSize];
            dStates = new float[stateRows * hiddenSize];
        }
    }
}
