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
    /**
     * Fewer outputs (rows · O) than this are computed on the calling thread: the hand-off (a few
     * microseconds) would cost more. 4,096 rather than 65,536 made training steps of 32,000–35,840
     * outputs (T·B = 3,200 and 3,584, O = 10) 0.80–1.03× as long on two threads (medians of 8
     * alternated runs' fastest steps; 8 of 9 cell × shape rows faster).
     */
    static final int SHARDED_OUTPUTS = 1 << 12;
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
    private final Loss loss = new Loss();
    // The pass being run by the shards (fields, and Work built once: a pass allocates nothing).
    private final BatchShards.Work outputWork = this::outputRows;
    private final BatchShards.Work weightGradientWork = this::weightGradientRows;
    private final BatchShards.Work stateGradientWork = this::stateGradientRows;
    private Blas passBlas;
    private float[] source;     // the scored h_t, [rows, H] from sourceOff
    private int sourceOff;
    private float[] dSource;    // where dL/dh_t through the readout goes, [rows, H] from dSourceOff
    private int dSourceOff;
    private int dOutRow0;       // the first row of dOut that goes to dSource
    private float dSourceBeta;  // 1: added to what dSource holds, 0: written

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
    Evaluation forward(Blas blas, BatchShards shards, LayerTrace top, SequenceBatch batch, int firstScoredStep) {
        this.batch = batch;
        LossAt at = batch.targets() == null ? LossAt.EVERY : batch.targets().at();
        int steps = batch.steps(), b = batch.batch();
        rows = at == LossAt.LAST ? b : steps * b;
        ensureCapacity(at == LossAt.LAST ? b : 0);
        if (at == LossAt.LAST) gatherLastStates(top, batch);
        useSource(at, top);
        runShards(blas, shards, outputWork, rows);
        markScored(batch, at, firstScoredStep);
        return batch.targets() == null ? null : loss.evaluate(blas, shardsFor(shards), batch.targets(), out, dOut, scored, rows, b);
    }

    /** The scored states: each sequence's last (gathered into states) or every step's (the top trace's). */
    private void useSource(LossAt at, LayerTrace top) {
        source = at == LossAt.LAST ? states : top.hidden;
        sourceOff = at == LossAt.LAST ? 0 : top.stateOffset(1, 0);
    }

    /** Output rows [r0, r1) := b2 + V h. */
    private void outputRows(int shard, int r0, int r1) {
        RecurrentLayer.fillRows(out, r0 * outputs, r1 - r0, bias.value(), null);
        passBlas.gemm(false, true, r1 - r0, outputs, hiddenSize, 1f, source, sourceOff + r0 * hiddenSize, hiddenSize,
                weight.value(), 0, hiddenSize, 1f, out, r0 * outputs, outputs);
    }

    private BatchShards shardsFor(BatchShards shards) {
        return rows * outputs >= SHARDED_OUTPUTS ? shards : BatchShards.SERIAL;
    }

    private void runShards(Blas blas, BatchShards shards, BatchShards.Work work, int count) {
        passBlas = blas;
        try {
            shardsFor(shards).run(blas, work, count);
        } finally {
            passBlas = null;
        }
    }

    /**
     * Back-propagates the loss to the readout's parameters: adds to dV and db2. Then
     * {@link #addStateGradient} gives the layers ∂L/∂h_t, chunk by chunk of steps.
     */
    void backward(Blas blas, BatchShards shards, LayerTrace top) {
        LossAt at = batch.targets().at();
        useSource(at, top);
        runShards(blas, shards, weightGradientWork, outputs);
        RecurrentLayer.addColumnSums(dOut, rows, outputs, bias.grad());
        if (at == LossAt.EVERY) return;
        dSource = dStates; // a loss at each sequence's last step: its B rows, handed out per chunk
        dSourceOff = 0;
        dOutRow0 = 0;
        dSourceBeta = 0f;
        runShards(blas, shards, stateGradientWork, rows);
    }

    /**
     * ∂L/∂h_t through the readout for states first..last, into the top layer's ∂L/∂h (zero where
     * no loss reaches): added to what is there where the chunk carries a state
     * ({@link LayerTrace#carriesState}), else written.
     */
    void addStateGradient(Blas blas, BatchShards shards, LayerTrace top, int first, int last) {
        int b = batch.batch(), firstRow = top.dStateOffset(first, 0);
        boolean add = top.carriesState(last);
        if (batch.targets().at() == LossAt.EVERY) {
            dSource = top.dHidden;
            dSourceOff = firstRow;
            dOutRow0 = (first - 1) * b;
            dSourceBeta = add ? 1f : 0f;
            runShards(blas, shards, stateGradientWork, (last - first + 1) * b);
            return;
        }
        if (!add) java.util.Arrays.fill(top.dHidden, firstRow, top.dStateOffset(last + 1, 0), 0f);
        for (int s = 0; s < b; s++) {
            int len = batch.length(s);
            if (len < Math.max(first, 1) || len > last) continue;
            int to = top.dStateOffset(len, s);
            if (add) for (int j = 0; j < hiddenSize; j++) top.dHidden[to + j] += dStates[s * hiddenSize + j];
            else System.arraycopy(dStates, s * hiddenSize, top.dHidden, to, hiddenSize);
        }
    }

    /** Rows [o0, o1) of dV += dOutᵀ·h (split by outputs: each row of dV is then the same sum as unsplit). */
    private void weightGradientRows(int shard, int o0, int o1) {
        passBlas.gemm(true, false, o1 - o0, hiddenSize, rows, 1f, dOut, o0, outputs,
                source, sourceOff, hiddenSize, 1f, weight.grad(), o0 * hiddenSize, hiddenSize);
    }

    /** Rows [r0, r1) (from dOutRow0) of dL/dh through the readout := dOut·V (+ what is there, with dSourceBeta 1). */
    private void stateGradientRows(int shard, int r0, int r1) {
        passBlas.gemm(false, false, r1 - r0, hiddenSize, outputs, 1f, dOut, (dOutRow0 + r0) * outputs, outputs,
                weight.value(), 0, hiddenSize, dSourceBeta, dSource, dSourceOff + r0 * hiddenSize, hiddenSize);
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
