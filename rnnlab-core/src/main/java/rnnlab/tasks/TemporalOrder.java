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
 * The temporal order problem (Hochreiter &amp; Schmidhuber 1997, experiments 6a and 6b): classify a
 * long sequence by the order in which two or three widely separated symbols X and Y appeared.
 *
 * <p>Input symbols, one-hot over 8: a, b, c, d (0–3, the distractors), {@link #X} 4,
 * {@link #Y} 5, {@link #START} E 6, {@link #TRIGGER} B 7. A sequence's length is drawn uniformly
 * from T to T + ⌊T/10⌋ (the paper's 100 to 110 at T = 100). It starts with E, ends with the
 * trigger B, and is otherwise random distractors except at the relevant positions, each X or Y
 * with probability ½. The positions (1-based, as in the paper, E being position 1) are drawn
 * uniformly from fixed ranges, given at T = 100 and scaled with T otherwise (rounded):
 * <ul>
 *   <li>6a, two relevant symbols: t₁ ∈ [10, 20], t₂ ∈ [50, 60]; 4 classes Q, R, S, U for
 *       XX, XY, YX, YY;</li>
 *   <li>6b, three relevant symbols: t₁ ∈ [10, 20], t₂ ∈ [33, 43], t₃ ∈ [66, 76]; 8 classes
 *       Q, R, S, U, V, A, B, C for XXX, XXY, XYX, XYY, YXX, YXY, YYX, YYY.</li>
 * </ul>
 * The class index reads the relevant symbols as binary digits, X = 0 and Y = 1, the first most
 * significant (the paper's orders above). The answer is scored at the last step only.
 *
 * <p>Layout: one-hot inputs {@code x[(t·B + b)·8 + symbol]}, zero past a sequence's length
 * ({@link SequenceBatch#lengths()}); targets {@code Targets.classes(LossAt.LAST, y[B], 2^n)},
 * softmax cross-entropy (the paper used sigmoid outputs and squared error).
 *
 * <p>Metric: accuracy (arg-max). Memoryless baseline: the classes are equally likely, so a
 * predictor that remembers nothing is right 1/4 (6a) or 1/8 (6b) of the time.
 *
 * <p>Solved, as in the paper: a sequence is classified correctly when every output's final
 * absolute error is below 0.3, here of the softmax probabilities against the one-hot target,
 * which holds exactly when the target class has probability above 0.7. The paper stops when the
 * 2,000 most recent sequences were correct (and the mean error is below 0.1); here every
 * validation sequence must be. Reported: 6a after about 31,390 sequences, 6b about 571,100
 * (references.md, secondary).
 *
 * <p>Sampling order, per sequence: the length, the relevant positions in order, then each step's
 * symbol in time order (X or Y at relevant positions, a distractor elsewhere).
 *
 * @param relevantSymbols 2 (experiment 6a) or 3 (6b)
 * @param minLength T, at least 20
 */
public record TemporalOrder(int relevantSymbols, int minLength) implements Task {
    /** Input symbol X. */
    public static final int X = 4;
    /** Input symbol Y. */
    public static final int Y = 5;
    /** Input symbol E, the first of every sequence. */
    public static final int START = 6;
    /** Input symbol B, the last of every sequence: "classify now". */
    public static final int TRIGGER = 7;
    /** A sequence is correct when the target's probability exceeds this (every error below 0.3). */
    public static final double PROBABILITY_NEEDED = 0.7;

    private static final int INPUTS = 8;
    private static final int DISTRACTORS = 4;
    /** Ranges of the relevant positions at T = 100 (1-based), per experiment. */
    private static final int[][] RANGES_6A = {{10, 20}, {50, 60}};
    private static final int[][] RANGES_6B = {{10, 20}, {33, 43}, {66, 76}};

    public TemporalOrder {
        if (relevantSymbols != 2 && relevantSymbols != 3)
            throw new IllegalArgumentException("the temporal order task has 2 (6a) or 3 (6b) relevant symbols, got " + relevantSymbols);
        if (minLength < 20)
            throw new IllegalArgumentException("the temporal order task needs T of at least 20, got " + minLength);
    }

    /** Experiment 6a: two relevant symbols, four classes. */
    public static TemporalOrder twoSymbols(int minLength) {
        return new TemporalOrder(2, minLength);
    }

    /** Experiment 6b: three relevant symbols, eight classes. */
    public static TemporalOrder threeSymbols(int minLength) {
        return new TemporalOrder(3, minLength);
    }

    @Override
    public String name() {
        return relevantSymbols == 2 ? "temporal-order-a" : "temporal-order-b";
    }

    /** T + ⌊T/10⌋, the longest sequence. */
    @Override
    public int steps() {
        return minLength + minLength / 10;
    }

    @Override
    public int inputSize() {
        return INPUTS;
    }

    /** 2^n classes. */
    @Override
    public int outputSize() {
        return 1 << relevantSymbols;
    }

    @Override
    public LossKind lossKind() {
        return LossKind.CROSS_ENTROPY;
    }

    @Override
    public LossAt lossAt() {
        return LossAt.LAST;
    }

    /**
     * The 1-based range [first, last] of relevant position i at this T: the paper's range at
     * T = 100, scaled by T/100 and rounded.
     */
    public int[] positionRange(int i) {
        int[] r = (relevantSymbols == 2 ? RANGES_6A : RANGES_6B)[i];
        return new int[] {(int) Math.round(r[0] * minLength / 100.0), (int) Math.round(r[1] * minLength / 100.0)};
    }

    @Override
    public SequenceBatch sample(int batch, RandomGenerator rng) {
        OneHot.checkBatch(batch);
        int steps = steps();
        float[] x = new float[Math.multiplyExact(Math.multiplyExact(steps, batch), INPUTS)];
        int[] classes = new int[batch];
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = minLength + rng.nextInt(minLength / 10 + 1);
            classes[b] = writeSequence(x, b, batch, lengths[b], rng);
        }
        return new SequenceBatch(steps, batch, INPUTS, x, lengths, Targets.classes(LossAt.LAST, classes, outputSize()));
    }

    /** Writes sequence b of the given length and returns its class. */
    private int writeSequence(float[] x, int b, int batch, int length, RandomGenerator rng) {
        int[] relevant = new int[relevantSymbols];
        for (int i = 0; i < relevantSymbols; i++) {
            int[] r = positionRange(i);
            relevant[i] = r[0] - 1 + rng.nextInt(r[1] - r[0] + 1); // 1-based position → step index
        }
        OneHot.set(x, 0, b, batch, INPUTS, START);
        OneHot.set(x, length - 1, b, batch, INPUTS, TRIGGER);
        int cls = 0, next = 0;
        for (int t = 1; t < length - 1; t++) {
            if (next < relevantSymbols && t == relevant[next]) {
                int bit = rng.nextInt(2);
                cls = cls << 1 | bit;
                OneHot.set(x, t, b, batch, INPUTS, bit == 0 ? X : Y);
                next++;
            } else {
                OneHot.set(x, t, b, batch, INPUTS, rng.nextInt(DISTRACTORS));
            }
        }
        return cls;
    }

    /** 1/4 (6a) or 1/8 (6b): the accuracy of a guess. */
    @Override
    public double baseline() {
        return 1.0 / outputSize();
    }

    /** Solved when every validation sequence's target class has softmax probability above 0.7. */
    @Override
    public Verdict verdict(RecurrentNetwork network, List<SequenceBatch> validation, Evaluation evaluation) {
        return SequenceJudge.everySequence(network, validation, TemporalOrder::judge,
                "every sequence's final output errors < 0.3, i.e. the class's probability > 0.7");
    }

    /** The paper's test of each sequence: the target class's softmax probability above 0.7. */
    static void judge(SequenceBatch batch, float[] outputs, boolean[] correct) {
        int width = batch.targets().width();
        for (int b = 0; b < batch.batch(); b++)
            if (!(softmaxAt(outputs, b * width, width, batch.targets().classes()[b]) > PROBABILITY_NEEDED)) correct[b] = false;
    }

    /** softmax(o)[k] for the row o = a[off .. off+width). */
    static double softmaxAt(float[] a, int off, int width, int k) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < width; j++) max = Math.max(max, a[off + j]);
        double sum = 0;
        for (int j = 0; j < width; j++) sum += Math.exp(a[off + j] - max);
        return Math.exp(a[off + k] - max) / sum;
    }
}
