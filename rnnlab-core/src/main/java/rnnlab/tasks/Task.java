package rnnlab.tasks;

import java.util.List;
import java.util.random.RandomGenerator;
import rnnlab.nn.Evaluation;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;

/**
 * A source of training and test sequences with a known answer, and what counts as learning it:
 * the score of a memoryless predictor ({@link #baseline()}) on the task's metric ({@link #metric}),
 * and the task's own criterion of success ({@link #verdict}), as its paper states it.
 *
 * <p>"Memoryless" means a predictor that remembers no earlier input; each task says exactly what
 * its memoryless predictor may see (nothing, the step index, or the current input) and how the
 * baseline is computed.
 */
public interface Task {
    /** A short name for the command line and reports, e.g. {@code adding}. */
    String name();

    /**
     * The longest a sequence can be, in steps. Tasks with sequences of varying length give each
     * batch per-sequence {@link SequenceBatch#lengths()}, and a batch may have fewer steps than this.
     */
    int steps();

    /** Inputs per step I. */
    int inputSize();

    /** Outputs per scored step O (the readout width). */
    int outputSize();

    /** MSE or cross-entropy, matching the targets {@link #sample} produces. */
    LossKind lossKind();

    /** Which steps carry a loss. */
    LossAt lossAt();

    /**
     * A fresh training batch of {@code batch} sequences with targets. Deterministic in the
     * generator's state: the same state gives the same batch, and the generator is advanced.
     */
    SequenceBatch sample(int batch, RandomGenerator rng);

    /**
     * A batch for the validation set, drawn like {@link #sample} unless the task keeps data apart
     * for validation (the text task's held-out tail).
     */
    default SequenceBatch validationSample(int batch, RandomGenerator rng) {
        return sample(batch, rng);
    }

    /** The task's metric of an evaluation; by default {@link Evaluation#metric()}. */
    default double metric(Evaluation evaluation) {
        return evaluation.metric();
    }

    /** The metric's name, with its unit where it has one: {@code MSE}, {@code accuracy}, {@code bits/char}. */
    default String metricName() {
        return lossKind() == LossKind.MSE ? "MSE" : "accuracy";
    }

    /** Whether a larger metric is better (an accuracy) rather than a smaller one (an error or a loss). */
    default boolean higherIsBetter() {
        return lossKind() == LossKind.CROSS_ENTROPY;
    }

    /** What a memoryless predictor scores on {@link #metric}. */
    double baseline();

    /**
     * Whether the pooled evaluation alone shows the task solved, for tasks whose criterion is a
     * threshold on the metric (the modern adding problem: MSE ≤ 1e-3). By default false: tasks
     * judged sequence by sequence, or on a test of their own, override {@link #verdict} instead.
     */
    default boolean solved(Evaluation evaluation) {
        return false;
    }

    /**
     * Whether a trained network solves the task by the task's own criterion, with the evidence.
     * Runs at the end of a run (and after each evaluation when a run stops once solved). By
     * default {@link #solved(Evaluation)} on the validation set's evaluation.
     *
     * @param network the trained network (its weights are not changed; its traces are)
     * @param validation the validation set
     * @param evaluation the network's evaluation on {@code validation}, pooled over its batches
     */
    default Verdict verdict(RecurrentNetwork network, List<SequenceBatch> validation, Evaluation evaluation) {
        return Verdict.onMetric(solved(evaluation), "the task's criterion on the validation metric");
    }
}
