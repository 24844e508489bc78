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
 * The adding problem as Hochreiter &amp; Schmidhuber define it (Long Short-Term Memory, 1997,
 * experiment 4); the modern variant is {@link AddingProblem}.
 *
 * <p>Each step has two inputs: channel 0 a value from U[−1, 1), channel 1 a marker in {−1, 0, 1}.
 * A sequence's length is drawn uniformly from T to T + ⌊T/10⌋. Exactly two steps are marked 1:
 * the first, whose value is X1, drawn uniformly among the first 10 steps; the second, X2, among
 * the first ⌊T/2⌋ steps other than X1's (the paper's "first T/2 − 1 still unmarked pairs"). The
 * first and the last step carry the marker −1 unless marked; every other step 0. When X1 falls on
 * the first step, its value is set to 0 (the paper's rule for that rare case; the paper states it
 * for X1 only, and so does this class). The target, scored at each sequence's last step only, is
 * 0.5 + (X1 + X2)/4. Both marked values lie in the first half, so the answer depends on inputs at
 * least T/2 steps back.
 *
 * <p>Layout: {@code x[(t·B + b)·2 + channel]}, zero past a sequence's length (given by
 * {@link SequenceBatch#lengths()}); targets {@code Targets.values(LossAt.LAST, y[B], 1)}.
 *
 * <p>Metric: the MSE. The memoryless baseline predicts the target's mean 0.5 and scores its
 * variance, {@link #BASELINE_MSE} = (Var X1 + Var X2)/16 = (0.9·⅓ + ⅓)/16 = 19/480 ≈ 0.0396 (X1 is 0
 * with probability 1/10, else U[−1, 1)).
 *
 * <p>Solved, as in the paper: a sequence is processed correctly when the absolute error at its end
 * is below {@link #TOLERANCE} = 0.04; the paper stops training when the 2,000 most recent sequences
 * were all correct (and the mean error is below 0.01, which that implies). Here every sequence of
 * the validation set must be correct ({@code --eval-size 2000} for the paper's count). The paper
 * reports LSTM solving T = 100 after about 74,000 training sequences (references.md, secondary).
 *
 * <p>Sampling order, per sequence: the length, the values in time order, X1's step, X2's step.
 *
 * @param minLength T, at least 20 (so that the first half holds the first ten steps)
 */
public record AddingProblem1997(int minLength) implements Task {
    /** Var(0.5 + (X1 + X2)/4): the MSE of predicting the constant 0.5. */
    public static final double BASELINE_MSE = 19.0 / 480.0;
    /** A sequence is correct when its absolute error is below this. */
    public static final double TOLERANCE = 0.04;

    private static final int CHANNELS = 2;
    private static final int FIRST_MARK_RANGE = 10;

    public AddingProblem1997 {
        if (minLength < 20)
            throw new IllegalArgumentException("the 1997 adding problem needs T of at least 20 (X1 lies in the first ten steps, "
                    + "X2 in the first T/2), got " + minLength);
    }

    @Override
    public String name() {
        return "adding-1997";
    }

    /** T + ⌊T/10⌋, the longest sequence. */
    @Override
    public int steps() {
        return minLength + minLength / 10;
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
        OneHot.checkBatch(batch);
        int steps = steps();
        float[] x = new float[Math.multiplyExact(Math.multiplyExact(steps, batch), CHANNELS)];
        float[] y = new float[batch];
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = minLength + rng.nextInt(minLength / 10 + 1);
            y[b] = fillSequence(x, b, batch, lengths[b], rng);
        }
        return new SequenceBatch(steps, batch, CHANNELS, x, lengths, Targets.values(LossAt.LAST, y, 1));
    }

    /** Writes sequence b (values, then markers) and returns its target. */
    private float fillSequence(float[] x, int b, int batch, int length, RandomGenerator rng) {
        for (int t = 0; t < length; t++) x[OneHot.index(t, b, batch, CHANNELS, 0)] = 2f * rng.nextFloat() - 1f;
        int first = rng.nextInt(FIRST_MARK_RANGE);
        int k = rng.nextInt(minLength / 2 - 1);
        int second = k < first ? k : k + 1; // the first ⌊T/2⌋ steps without X1's
        if (first == 0) x[OneHot.index(0, b, batch, CHANNELS, 0)] = 0f;
        x[OneHot.index(0, b, batch, CHANNELS, 1)] = -1f;
        x[OneHot.index(length - 1, b, batch, CHANNELS, 1)] = -1f;
        x[OneHot.index(first, b, batch, CHANNELS, 1)] = 1f;
        x[OneHot.index(second, b, batch, CHANNELS, 1)] = 1f;
        float x1 = x[OneHot.index(first, b, batch, CHANNELS, 0)];
        float x2 = x[OneHot.index(second, b, batch, CHANNELS, 0)];
        return 0.5f + (x1 + x2) / 4f;
    }

    /** {@link Evaluation#mse()}. */
    @Override
    public double metric(Evaluation evaluation) {
        return evaluation.mse();
    }

    /** {@link #BASELINE_MSE}. */
    @Override
    public double baseline() {
        return BASELINE_MSE;
    }

    /** Solved when every validation sequence's final absolute error is below 0.04. */
    @Override
    public Verdict verdict(RecurrentNetwork network, List<SequenceBatch> validation, Evaluation evaluation) {
        return SequenceJudge.everySequence(network, validation, AddingProblem1997::judge, "every sequence's |error| < 0.04");
    }

    /** The paper's test of each sequence: |output − target| < 0.04 at its end. */
    static void judge(SequenceBatch batch, float[] outputs, boolean[] correct) {
        float[] y = batch.targets().values();
        for (int b = 0; b < batch.batch(); b++) if (!(Math.abs(outputs[b] - y[b]) < TOLERANCE)) correct[b] = false;
    }
}
