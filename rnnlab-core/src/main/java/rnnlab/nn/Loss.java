package rnnlab.nn;

/**
 * The two losses on the readout's outputs, with their gradients (theory.md section 1):
 * MSE {@code L_t = 1/2 ||y_t - o_t||^2}, gradient {@code o_t - y_t}; softmax cross-entropy
 * {@code L_t = -log p_t[y_t]}, gradient {@code p_t - onehot(y_t)}. Both scaled by 1/B, since
 * the objective averages the per-sequence sums over the batch.
 */
final class Loss {
    private Loss() {}

    /**
     * Fills {@code dOut} (zero on unscored rows) and returns the loss and metric counts.
     * Sums are kept in double so that long sequences lose nothing to rounding.
     */
    static Evaluation evaluate(Targets targets, float[] out, float[] dOut, boolean[] scored, int rows, int batch) {
        int width = targets.width();
        float scale = 1f / batch;
        double sumLoss = 0, sumSquares = 0;
        long count = 0, correct = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            if (!scored[r]) {
                java.util.Arrays.fill(dOut, o, o + width, 0f);
                continue;
            }
            count++;
            if (targets.kind() == LossKind.MSE) {
                double squares = squaredError(targets.values(), out, dOut, o, width, scale);
                sumSquares += squares;
                sumLoss += 0.5 * squares;
            } else {
                int label = targets.classes()[r];
                sumLoss += crossEntropy(label, out, dOut, o, width, scale);
                if (argMax(out, o, width) == label) correct++;
            }
        }
        return new Evaluation(targets.kind(), sumLoss / batch, batch, count, width, sumSquares, sumLoss, correct);
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

    /** -log softmax(o)[label], stable (max subtracted); dOut := (softmax − onehot) · scale. */
    private static double crossEntropy(int label, float[] out, float[] dOut, int o, int width, float scale) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < width; j++) max = Math.max(max, out[o + j]);
        double sum = 0;
        for (int j = 0; j < width; j++) sum += Math.exp(out[o + j] - max);
        double logSum = Math.log(sum);
        for (int j = 0; j < width; j++) {
            double p = Math.exp(out[o + j] - max - logSum);
            dOut[o + j] = (float) ((p - (j == label ? 1 : 0)) * scale);
        }
        return logSum - (out[o + label] - max);
    }

    static int argMax(float[] a, int off, int width) {
        int best = 0;
        for (int j = 1; j < width; j++) if (a[off + j] > a[off + best]) best = j;
        return best;
    }
}
