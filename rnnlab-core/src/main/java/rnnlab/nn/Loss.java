package rnnlab.nn;

import rnnlab.math.Activations;
import rnnlab.math.Blas;

/**
 * The two losses on the readout's outputs, with their gradients (theory.md section 1):
 * MSE {@code L_t = 1/2 ||y_t - o_t||^2}, gradient {@code o_t - y_t}; softmax cross-entropy
 * {@code L_t = -log p_t[y_t]}, gradient {@code p_t - onehot(y_t)}. Both scaled by 1/B, since
 * the objective averages the per-sequence sums over the batch.
 *
 * <p>The rows are independent, so the network's threads share them ({@link BatchShards}); each
 * row's loss is kept, and the sums are formed afterwards in row order, as one thread forms them.
 */
final class Loss {
    private final BatchShards.Work rowsWork = this::evaluateRows;
    private double[] rowLoss = new double[0];    // each scored row's loss (MSE: its sum of squares)
    private boolean[] rowCorrect = new boolean[0]; // cross-entropy: the row's argmax is its label
    // The evaluation being run (fields, so that the shards' Work is built once).
    private Targets targets;
    private float[] out, dOut;
    private boolean[] scored;
    private float scale;

    /**
     * Fills {@code dOut} (zero on unscored rows) and returns the loss and metric counts.
     * Sums are kept in double so that long sequences lose nothing to rounding.
     */
    Evaluation evaluate(Blas blas, BatchShards shards, Targets targets, float[] out, float[] dOut, boolean[] scored, int rows, int batch) {
        if (rowLoss.length < rows) {
            rowLoss = new double[rows];
            rowCorrect = new boolean[rows];
        }
        this.targets = targets;
        this.out = out;
        this.dOut = dOut;
        this.scored = scored;
        this.scale = 1f / batch;
        try {
            shards.run(blas, rowsWork, rows);
        } finally {
            this.targets = null;
            this.out = this.dOut = null;
            this.scored = null;
        }
        double sumLoss = 0, sumSquares = 0;
        long count = 0, correct = 0;
        boolean mse = targets.kind() == LossKind.MSE;
        for (int r = 0; r < rows; r++) {
            if (!scored[r]) continue;
            count++;
            if (mse) {
                sumSquares += rowLoss[r];
                sumLoss += 0.5 * rowLoss[r];
            } else {
                sumLoss += rowLoss[r];
                if (rowCorrect[r]) correct++;
            }
        }
        return new Evaluation(targets.kind(), sumLoss / batch, batch, count, targets.width(), sumSquares, sumLoss, correct);
    }

    /** Rows [r0, r1): each one's loss, correctness and gradient. */
    private void evaluateRows(int shard, int r0, int r1) {
        int width = targets.width();
        for (int r = r0; r < r1; r++) {
            int o = r * width;
            if (!scored[r]) {
                java.util.Arrays.fill(dOut, o, o + width, 0f);
                continue;
            }
            if (targets.kind() == LossKind.MSE) {
                rowLoss[r] = squaredError(targets.values(), out, dOut, o, width, scale);
            } else {
                int label = targets.classes()[r];
                rowLoss[r] = crossEntropy(label, out, dOut, o, width, scale);
                rowCorrect[r] = argMax(out, o, width) == label;
            }
        }
    }

    private static double squaredError(float[] y, float[] out, float[] dOut, int o, int width, float scale) {
        double squares = 0;
        for (int j = 0; j < width; j++) {
            float diff = out[o + j] - y[o + j];
            squares += (double) diff * diff;
            dOut[o + j] = diff * scale;
        }
        return squares;
    }

    /**
     * -log softmax(o)[label], stable (max subtracted); dOut := (softmax − onehot) · scale. One
     * exponential per class ({@link Activations#expShifted}, on vectors where they run), summed
     * in double in four interleaved sums (a fixed order, so every path gives the same bits).
     */
    private static double crossEntropy(int label, float[] out, float[] dOut, int o, int width, float scale) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < width; j++) max = Math.max(max, out[o + j]);
        Activations.expShifted(out, o, max, dOut, o, width);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < width; j += 4) {
            s0 += dOut[o + j];
            s1 += dOut[o + j + 1];
            s2 += dOut[o + j + 2];
            s3 += dOut[o + j + 3];
        }
        for (; j < width; j++) s0 += dOut[o + j];
        double sum = (s0 + s1) + (s2 + s3), perSum = scale / sum;
        float p = dOut[o + label];
        for (j = 0; j < width; j++) dOut[o + j] = (float) (dOut[o + j] * perSum);
        dOut[o + label] = (float) ((p / sum - 1) * scale);
        return Math.log(sum) - (out[o + label] - max);
    }

    static int argMax(float[] a, int off, int width) {
        int best = 0;
        for (int j = 1; j < width; j++) if (a[off + j] > a[off + best]) best = j;
        return best;
    }
}
