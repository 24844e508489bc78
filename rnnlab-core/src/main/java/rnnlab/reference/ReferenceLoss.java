package rnnlab.reference;

/**
 * The step losses on the readout {@code o_t = V h_t + b2}, each with its gradient dL_t/do_t.
 */
final class ReferenceLoss {
    private ReferenceLoss() {}

    /**
     * One scored step: its loss L_t, its squared error Σ (y − o)² (MSE, else 0), whether the
     * arg-max output is the target class (cross-entropy, else false) and dL_t/do_t.
     */
    record Scored(double loss, double squaredError, boolean correct, double[] dOutput) {}

    /** {@code L_t = ½ ||y_t − o_t||²}, so {@code dL_t/do_t = o_t − y_t}. */
    static Scored meanSquared(double[] output, double[] target) {
        double[] dOutput = new double[output.length];
        double squaredError = 0;
        for (int k = 0; k < output.length; k++) {
            dOutput[k] = output[k] - target[k];
            squaredError += dOutput[k] * dOutput[k];
        }
        return new Scored(0.5 * squaredError, squaredError, false, dOutput);
    }

    /**
     * {@code L_t = −log softmax(o_t)[y] = logsumexp(o_t) − o_t[y]}, so
     * {@code dL_t/do_t = softmax(o_t) − onehot(y)}. The maximum is subtracted before exp so
     * that large outputs do not overflow.
     */
    static Scored crossEntropy(double[] output, int targetClass) {
        int argMax = argMax(output);
        double max = output[argMax];
        double sumExp = 0;
        for (double o : output) sumExp += Math.exp(o - max);
        double logSumExp = max + Math.log(sumExp);
        double[] dOutput = new double[output.length];
        for (int k = 0; k < output.length; k++) dOutput[k] = Math.exp(output[k] - logSumExp);
        dOutput[targetClass] -= 1;
        return new Scored(logSumExp - output[targetClass], 0, argMax == targetClass, dOutput);
    }

    /** Index of the largest value; the first one on ties. */
    static int argMax(double[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
        return best;
    }
}
