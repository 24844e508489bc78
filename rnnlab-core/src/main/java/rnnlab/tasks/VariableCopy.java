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
 * The variable copy task (Henaff, Szlam &amp; LeCun 2016, as Tallec &amp; Ollivier 2018 describe it):
 * the {@link CopyMemory copy task} with the number of blanks between the data and the delimiter
 * drawn uniformly from 1 to T, so that the network cannot count its way to the recall but must
 * react to the delimiter.
 *
 * <p>A sequence with L blanks (L uniform in [1, T]) is: 10 data symbols (0–7, uniform), L blanks,
 * the delimiter, then 10 more blanks during which the targets are the 10 data symbols; before
 * that every target is the blank. It ends there: its length is L + 21, and a batch is padded to
 * T + 21 steps with per-sequence {@link SequenceBatch#lengths()} (padding carries no loss). Each
 * symbol is remembered for L + 11 steps. (The standard copy task is the case L = T − 1.) The
 * published descriptions leave the total length open; ending each sequence at its recall is this
 * class's choice.
 *
 * <p>Layout: as {@link CopyMemory}: one-hot inputs over 10 symbols, targets
 * {@code Targets.classes(LossAt.EVERY, y[T+21, B], 9)}.
 *
 * <p>Metric: cross-entropy per scored step in nats. Baseline: a predictor that remembers no data
 * symbol but knows where the recall is (the delimiter lies at most 10 steps back) loses 10·ln 8 per
 * sequence, so ≈ 10·ln 8 / E[L + 21] = 20·ln 8 / (T + 43) per step (the pooled validation metric
 * divides by the sampled total of steps, so the baseline holds in expectation).
 *
 * <p>Solved: every step of every validation sequence right by arg-max (as {@link CopyMemory}).
 *
 * <p>Sampling order: per sequence, L, then the 10 data symbols.
 *
 * @param maxBlanks T, at least 1: the largest number of blanks before the delimiter
 */
public record VariableCopy(int maxBlanks) implements PerStepCrossEntropy {
    public VariableCopy {
        if (maxBlanks < 1) throw new IllegalArgumentException("the variable copy task needs T of at least 1, got " + maxBlanks);
    }

    @Override
    public String name() {
        return "variable-copy";
    }

    /** T + 21, the longest sequence. */
    @Override
    public int steps() {
        return maxBlanks + 2 * CopyMemory.SYMBOLS_TO_COPY + 1;
    }

    @Override
    public int inputSize() {
        return CopyMemory.INPUTS;
    }

    @Override
    public int outputSize() {
        return CopyMemory.CLASSES;
    }

    @Override
    public LossKind lossKind() {
        return LossKind.CROSS_ENTROPY;
    }

    @Override
    public LossAt lossAt() {
        return LossAt.EVERY;
    }

    @Override
    public SequenceBatch sample(int batch, RandomGenerator rng) {
        OneHot.checkBatch(batch);
        int steps = steps();
        float[] x = new float[Math.multiplyExact(Math.multiplyExact(steps, batch), CopyMemory.INPUTS)];
        int[] y = new int[Math.multiplyExact(steps, batch)];
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            int blanks = 1 + rng.nextInt(maxBlanks);
            int length = blanks + 2 * CopyMemory.SYMBOLS_TO_COPY + 1;
            lengths[b] = CopyMemory.writeSequence(x, y, b, batch, blanks, length, rng);
        }
        return new SequenceBatch(steps, batch, CopyMemory.INPUTS, x, lengths,
                Targets.classes(LossAt.EVERY, y, CopyMemory.CLASSES));
    }

    /** 10·ln 8 / E[L + 21] = 20·ln 8 / (T + 43). */
    @Override
    public double baseline() {
        double meanLength = (maxBlanks + 1) / 2.0 + 2 * CopyMemory.SYMBOLS_TO_COPY + 1;
        return CopyMemory.SYMBOLS_TO_COPY * Math.log(CopyMemory.DATA_SYMBOLS) / meanLength;
    }

    /** Solved when every step of every validation sequence is right by arg-max. */
    @Override
    public Verdict verdict(RecurrentNetwork network, List<SequenceBatch> validation, Evaluation evaluation) {
        return SequenceJudge.everySequence(network, validation, SequenceJudge.argMaxAtEveryScoredStep(),
                "every symbol of every sequence copied");
    }
}
