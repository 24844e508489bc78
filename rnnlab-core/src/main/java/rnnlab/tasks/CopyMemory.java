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
 * The copy memory task (Arjovsky, Shah &amp; Bengio 2016, after Hochreiter &amp; Schmidhuber 1997).
 *
 * <p>A sequence has T + 20 steps over an alphabet of 10 input symbols: 0–7 the data symbols,
 * {@link #BLANK} 8 and {@link #DELIMITER} 9. Steps 0–9 carry 10 data symbols drawn uniformly (with
 * replacement), steps 10 to T + 8 are blank (T − 1 of them), step T + 9 is the delimiter, and the
 * last 10 steps are blank again. The target at every step is a class among 9 (the data symbols
 * and the blank; the delimiter is never a target): blank for the first T + 10 steps, then the 10
 * data symbols in order. Each symbol must be remembered for exactly T + 10 steps.
 *
 * <p>Layout: one-hot inputs {@code x[(t·B + b)·10 + symbol]}; targets
 * {@code Targets.classes(LossAt.EVERY, y[T+20, B], 9)}.
 *
 * <p>Metric: the cross-entropy per step in nats, {@link Evaluation#meanStepLoss()}, as in the paper.
 * Memoryless baseline: a predictor that knows the step index but remembers no input outputs the
 * blank with certainty where it is due and the uniform distribution over the 8 data symbols at the
 * 10 recall steps, scoring 10·ln 8 / (T + 20) (0.173 at T = 100, 0.0204 at T = 1000); this is the
 * plateau where LSTMs with standard initialisation stall (references.md).
 *
 * <p>Solved (the paper states no criterion; this is the natural one): every step of every
 * validation sequence predicted by arg-max, i.e. every symbol copied.
 *
 * <p>Sampling order: per sequence, the 10 data symbols in order.
 *
 * @param lag T, at least 1: the steps between the last data symbol and the delimiter
 */
public record CopyMemory(int lag) implements PerStepCrossEntropy {
    /** Data symbols per sequence. */
    public static final int SYMBOLS_TO_COPY = 10;
    /** Distinct data symbols. */
    public static final int DATA_SYMBOLS = 8;
    /** The blank input and target symbol. */
    public static final int BLANK = 8;
    /** The delimiter input: "copy now". */
    public static final int DELIMITER = 9;

    static final int INPUTS = 10;
    static final int CLASSES = 9;

    public CopyMemory {
        if (lag < 1) throw new IllegalArgumentException("the copy task needs a lag T of at least 1, got " + lag);
    }

    @Override
    public String name() {
        return "copy";
    }

    /** T + 20. */
    @Override
    public int steps() {
        return lag + 2 * SYMBOLS_TO_COPY;
    }

    @Override
    public int inputSize() {
        return INPUTS;
    }

    @Override
    public int outputSize() {
        return CLASSES;
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
        float[] x = new float[Math.multiplyExact(Math.multiplyExact(steps, batch), INPUTS)];
        int[] y = new int[Math.multiplyExact(steps, batch)];
        for (int b = 0; b < batch; b++) writeSequence(x, y, b, batch, lag - 1, steps, rng);
        return new SequenceBatch(steps, batch, INPUTS, x, null, Targets.classes(LossAt.EVERY, y, CLASSES));
    }

    /**
     * Writes one copy sequence of {@code blanks} blanks between the data and the delimiter into
     * rows b of x and y ([steps, B, ·]); steps past the recall stay blank (input and target).
     * Returns its length, blanks + 21.
     */
    static int writeSequence(float[] x, int[] y, int b, int batch, int blanks, int steps, RandomGenerator rng) {
        int delimiter = SYMBOLS_TO_COPY + blanks;
        for (int t = 0; t < steps; t++) {
            y[t * batch + b] = BLANK;
            if (t >= SYMBOLS_TO_COPY && t != delimiter) OneHot.set(x, t, b, batch, INPUTS, BLANK);
        }
        OneHot.set(x, delimiter, b, batch, INPUTS, DELIMITER);
        for (int i = 0; i < SYMBOLS_TO_COPY; i++) {
            int symbol = rng.nextInt(DATA_SYMBOLS);
            OneHot.set(x, i, b, batch, INPUTS, symbol);
            y[(delimiter + 1 + i) * batch + b] = symbol;
        }
        return delimiter + 1 + SYMBOLS_TO_COPY;
    }

    /** 10·ln 8 / (T + 20). */
    @Override
    public double baseline() {
        return SYMBOLS_TO_COPY * Math.log(DATA_SYMBOLS) / steps();
    }

    /** Solved when every step of every validation sequence is right by arg-max. */
    @Override
    public Verdict verdict(RecurrentNetwork network, List<SequenceBatch> validation, Evaluation evaluation) {
        return SequenceJudge.everySequence(network, validation, SequenceJudge.argMaxAtEveryScoredStep(),
                "every symbol of every sequence copied");
    }
}
