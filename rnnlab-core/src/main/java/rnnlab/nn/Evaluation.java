package rnnlab.nn;

/**
 * The loss of one forward pass and the counts its metrics come from.
 *
 * @param loss the objective: {@code (1/B) Σ_b Σ_t L_t}, the per-sequence sum of the step losses
 *     over the scored steps (theory.md: L = Σ_t L_t), averaged over the B sequences
 * @param sequences B
 * @param scoredSteps number of (sequence, step) pairs that carried a loss
 * @param outputs width O of the readout
 * @param sumSquaredError Σ (y − o)² over scored steps and outputs (MSE only)
 * @param sumStepLoss Σ L_t over scored steps (both losses)
 * @param correct scored steps whose arg-max output is the target class (cross-entropy only)
 */
public record Evaluation(LossKind kind, double loss, int sequences, long scoredSteps, int outputs,
                         double sumSquaredError, double sumStepLoss, long correct) {

    /** Mean squared error per scored output, {@code mean (y − o)²}: the adding problem's metric. */
    public double mse() {
        return sumSquaredError / Math.max(1, scoredSteps * outputs);
    }

    /** Mean loss per scored step (nats for cross-entropy). */
    public double meanStepLoss() {
        return sumStepLoss / Math.max(1, scoredSteps);
    }

    /** Fraction of scored steps classified correctly. */
    public double accuracy() {
        return (double) correct / Math.max(1, scoredSteps);
    }

    /** The natural metric of the loss: MSE for regression, accuracy for classification. */
    public double metric() {
        return kind == LossKind.MSE ? mse() : accuracy();
    }

    /** The two passes together (truncated BPTT's chunks of one batch): losses and counts add. */
    public Evaluation plus(Evaluation other) {
        if (other == null) return this;
        return new Evaluation(kind, loss + other.loss, sequences, scoredSteps + other.scoredSteps, outputs,
                sumSquaredError + other.sumSquaredError, sumStepLoss + other.sumStepLoss, correct + other.correct);
    }

    /** Another batch's evaluation pooled with this one: the loss stays a mean over sequences. */
    public Evaluation plusBatch(Evaluation other) {
        if (other == null) return this;
        int n = sequences + other.sequences;
        double pooled = (loss * sequences + other.loss * other.sequences) / n;
        return new Evaluation(kind, pooled, n, scoredSteps + other.scoredSteps, outputs,
                sumSquaredError + other.sumSquaredError, sumStepLoss + other.sumStepLoss, correct + other.correct);
    }
}
