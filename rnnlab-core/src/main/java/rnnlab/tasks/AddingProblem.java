package rnnlab.tasks;

import java.util.List;
import java.util.random.RandomGenerator;
import rnnlab.nn.Evaluation;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;

/**
 * The adding problem, modern variant (Le, Jaitly, Hinton 2015; Arjovsky et al. 2016).
 *
 * <p>Each sequence has T steps and two input channels: channel 0 a value from U[0, 1), channel 1
 * a marker that is 1 at exactly two steps, one drawn uniformly from the first half [0, ⌊T/2⌋)
 * and one from the second half [⌊T/2⌋, T), and 0 elsewhere. The target, scored at the last step
 * only, is the sum of the two marked values. The answer depends on an input at least T/2 steps
 * back, which is what makes the task a test of long-range gradient flow.
 *
 * <p>Layout (time-major, as {@link SequenceBatch}): {@code x[(t·B + b)·2 + channel]}; targets
 * {@code Targets.values(LossAt.LAST, y[B], 1)}.
 *
 * <p>Metric: the plain mean squared error {@link Evaluation#mse()} = mean (y − o)². Predicting the
 * constant 1 (the mean of the target) scores {@link #BASELINE_MSE} = Var(X1 + X2) = 2·(1/12) = 1/6
 * ≈ 0.167, the "memoryless" baseline; the task counts as solved at MSE ≤ {@link #SOLVED_MSE}.
 * Note that the training loss ({@link Evaluation#loss()}, ½‖y − o‖² per sequence) is half the MSE
 * here: the baseline in loss units is 1/12. For Hochreiter &amp; Schmidhuber's original definition see
 * {@link AddingProblem1997}.
 *
 * <p>Sampling order, for reproducibility: sequence by sequence, the T values in time order, then
 * the first marker's step, then the second's.
 *
 * @param steps T, at least 2
 */
public record AddingProblem(int steps) implements Task {
    /** MSE of predicting the constant 1: Var(X1 + X2) for independent X1, X2 ~ U[0, 1]. */
    public static final double BASELINE_MSE = 1.0 / 6.0;
    /** The MSE at or below which the task is solved ("in practice", references.md). */
    public static final double SOLVED_MSE = 1e-3;

    private static final int VALUE = 0;
    private static final int MARKER = 1;
    private static final int CHANNELS = 2;

    public AddingProblem {
        if (steps < 2) throw new IllegalArgumentException("the adding problem needs at least 2 steps, got " + steps);
    }

    @Override
    public String name() {
        return "adding";
    }

    @Override
    public int inputSize() {
        return CHANNELS;
    }

    @Override
    public int outputSize() {
        return 1;
    }

    @Override
    public LossKind lossKind() {
        return LossKind.MSE;
    }

    @Override
    public LossAt lossAt() {
        return LossAt.LAST;
    }

    @Override
    public SequenceBatch sample(int batch, RandomGenerator rng) {
        if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        float[] x = new float[Math.multiplyExact(Math.multiplyExact(steps, batch), CHANNELS)];
        float[] y = new float[batch];
        int half = steps / 2;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) x[index(t, b, batch, VALUE)] = rng.nextFloat();
            int first = rng.nextInt(half);
            int second = half + rng.nextInt(steps - half);
            x[index(first, b, batch, MARKER)] = 1f;
            x[index(second, b, batch, MARKER)] = 1f;
            y[b] = x[index(first, b, batch, VALUE)] + x[index(second, b, batch, VALUE)];
        }
        return new SequenceBatch(steps, batch, CHANNELS, x, null, Targets.values(LossAt.LAST, y, 1));
    }

    /** Position of (step t, sequence b, channel) in the time-major input. */
    private static int index(int t, int b, int batch, int channel) {
        return (t * batch + b) * CHANNELS + channel;
    }

    /** {@link #BASELINE_MSE}: 1/6. */
    public double baselineMse() {
        return BASELINE_MSE;
    }

    /** {@link #SOLVED_MSE}: 1e-3. */
    public double solvedMse() {
        return SOLVED_MSE;
    }

    /** {@link Evaluation#mse()}, the plain mean squared error (no ½). */
    @Override
    public double metric(Evaluation evaluation) {
        return evaluation.mse();
    }

    /** {@link #BASELINE_MSE}. */
    @Override
    public double baseline() {
        return BASELINE_MSE;
    }

    /** Solved when the validation MSE is at most {@link #SOLVED_MSE}. */
    @Override
    public Verdict verdict(RecurrentNetwork network, List<SequenceBatch> validation, Evaluation evaluation) {
        return Verdict.onMetric(solved(evaluation), "validation MSE ≤ 1e-3");
    }

    /** Whether the MSE is at most {@link #SOLVED_MSE}. */
    @Override
    public boolean solved(Evaluation evaluation) {
        return solved(evaluation.mse());
    }

    /** Whether {@code mse} (mean of (y − o)²) is at most {@link #SOLVED_MSE}. */
    public boolean solved(double mse) {
        return mse <= SOLVED_MSE;
    }
}
