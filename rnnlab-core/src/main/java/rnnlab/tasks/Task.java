package rnnlab.tasks;

import java.util.random.RandomGenerator;
import rnnlab.nn.Evaluation;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.SequenceBatch;

/**
 * A source of training and test sequences with a known answer, and what counts as learning it:
 * the score of a memoryless predictor ({@link #baseline()}) and a {@link #solved} criterion, both
 * on the task's metric (see {@link #metric}).
 */
public interface Task {
    /** A short name for the command line and reports, e.g. {@code adding}. */
    String name();

    /** Sequence length T. */
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
     * A fresh batch of {@code batch} sequences with targets. Deterministic in the generator's
     * state: the same state gives the same batch, and the generator is advanced.
     */
    SequenceBatch sample(int batch, RandomGenerator rng);

    /** The task's metric of an evaluation; by default {@link Evaluation#metric()}. */
    default double metric(Evaluation evaluation) {
        return evaluation.metric();
    }

    /** What a predictor that ignores the inputs scores on {@link #metric}. */
    double baseline();

    /** Whether {@code evaluation} (on fresh data) shows the task learnt. */
    boolean solved(Evaluation evaluation);
}
