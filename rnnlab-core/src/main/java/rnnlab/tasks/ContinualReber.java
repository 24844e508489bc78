package rnnlab.tasks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import rnnlab.math.Rng;
import rnnlab.nn.Evaluation;
import rnnlab.nn.InitialState;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;

/**
 * The continual embedded Reber grammar (Gers, Schmidhuber &amp; Cummins 2000, "Learning to forget"):
 * next-symbol prediction on an unsegmented stream of embedded Reber strings, one after another,
 * with nothing that resets the network between them.
 *
 * <p>The stream is {@link ReberGrammar}'s strings concatenated: … T E B P B … P E B T …; after a
 * string's final E the next string's B follows. Every symbol is an input (one-hot over
 * {@code BTPSXVE}) and its target is the set of legal successors, multi-hot, trained by MSE, as in
 * {@link EmbeddedReber}; after E the only legal symbol is B. A network that never lets go of what
 * it stored (an LSTM without forget gate, {@code lstm-no-forget}) fills up on such a stream; one
 * that has learnt to reset itself at string boundaries does not. That is the paper's point.
 *
 * <p>How the stream maps onto sequences: a training sequence is the first T symbols of a fresh
 * stream (T = {@link #window()}, much longer than a string, about 12 symbols on average), with a
 * loss at every step; the network starts from zero state at the start of each sequence and is
 * never reset inside it, so it must learn to forget by itself at the ~T/12 string boundaries.
 * Truncated BPTT ({@code --truncate K}) carries the state through the whole window while cutting
 * the gradient, as the paper's training did. The validation set is windows like the training
 * sequences (for the metric). The success test, {@link #verdict}, runs the network without any
 * reset over long streams, in chunks of {@value #TEST_CHUNK} steps with the state carried from
 * one to the next (each test stream drawn from its own generator, so chunking changes nothing).
 *
 * <p>Layout: inputs {@code x[(t·B + b)·7 + symbol]}; targets
 * {@code Targets.values(LossAt.EVERY, y[T, B, 7], 7)}.
 *
 * <p>Metric: MSE per output. Memoryless baseline: the best predictor that sees only the current
 * symbol, over the stream ({@link ReberGrammar#memorylessMse} with E as an input), ≈ 0.108.
 *
 * <p>Solved: {@link #testStreams()} fresh streams (10) of {@link #testLength()} symbols (100,000)
 * each predicted without a single error, an error being a step where the legal successors are not
 * the most active outputs (the 1997 paper's per-symbol test). This is our reading of the paper's
 * test on streams of 10⁵ symbols; references.md only records that LSTM with forget gates solves
 * the task and without them fails. The test streams are drawn from a fixed seed, the same for
 * every run.
 *
 * <p>Sampling order: streams one after another, each symbol a draw where the grammar branches.
 *
 * @param window T, the symbols of a training (and validation) sequence, at least 2
 * @param testStreams streams in the success test, at least 1
 * @param testLength symbols of each test stream, at least 1
 */
public record ContinualReber(int window, int testStreams, int testLength) implements Task {
    /** Streams in the success test unless given. */
    public static final int TEST_STREAMS = 10;
    /** Symbols per test stream unless given. */
    public static final int TEST_LENGTH = 100_000;
    /** Steps per forward pass in the success test. */
    public static final int TEST_CHUNK = 1000;
    private static final long TEST_SEED = 2000;

    public ContinualReber {
        if (window < 2) throw new IllegalArgumentException("the continual Reber task needs a window T of at least 2, got " + window);
        if (testStreams < 1) throw new IllegalArgumentException("the continual Reber test needs at least 1 stream, got " + testStreams);
        if (testLength < 1) throw new IllegalArgumentException("the continual Reber test streams need at least 1 symbol, got " + testLength);
    }

    /** Windows of T symbols; the paper's test: 10 streams of 100,000 symbols. */
    public ContinualReber(int window) {
        this(window, TEST_STREAMS, TEST_LENGTH);
    }

    @Override
    public String name() {
        return "reber-continual";
    }

    /** T, the window. */
    @Override
    public int steps() {
        return window;
    }

    @Override
    public int inputSize() {
        return ReberGrammar.SYMBOL_COUNT;
    }

    @Override
    public int outputSize() {
        return ReberGrammar.SYMBOL_COUNT;
    }

    @Override
    public LossKind lossKind() {
        return LossKind.MSE;
    }

    @Override
    public LossAt lossAt() {
        return LossAt.EVERY;
    }

    /** The first T symbols of {@code batch} fresh streams. */
    @Override
    public SequenceBatch sample(int batch, RandomGenerator rng) {
        OneHot.checkBatch(batch);
        RandomGenerator[] each = new RandomGenerator[batch];
        Arrays.fill(each, rng); // one generator, drawn stream after stream
        return chunk(freshStreams(batch), window, each);
    }

    private static int[] freshStreams(int count) {
        int[] states = new int[count];
        Arrays.fill(states, ReberGrammar.START);
        return states;
    }

    /**
     * The next {@code steps} symbols of each stream b (its state in {@code states[b]}, advanced;
     * its symbols drawn from {@code rngs[b]}), stream after stream, as a [steps, B, 7] batch.
     */
    private static SequenceBatch chunk(int[] states, int steps, RandomGenerator[] rngs) {
        int batch = states.length, width = ReberGrammar.SYMBOL_COUNT;
        float[] x = new float[Math.multiplyExact(Math.multiplyExact(steps, batch), width)];
        float[] y = new float[x.length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                int symbol = ReberGrammar.draw(states[b], rngs[b]);
                OneHot.set(x, t, b, batch, width, symbol);
                int next = ReberGrammar.next(states[b], symbol);
                states[b] = next == ReberGrammar.END ? ReberGrammar.START : next;
                ReberGrammar.writeLegal(y, t, b, batch, states[b]);
            }
        }
        return new SequenceBatch(steps, batch, width, x, null, Targets.values(LossAt.EVERY, y, width));
    }

    /** {@link Evaluation#mse()}. */
    @Override
    public double metric(Evaluation evaluation) {
        return evaluation.mse();
    }

    /** {@link ReberGrammar#memorylessMse}, over the stream. */
    @Override
    public double baseline() {
        return ReberGrammar.memorylessMse(true);
    }

    /**
     * The stream test: {@link #testStreams()} streams of {@link #testLength()} symbols, run chunk by
     * chunk with the state carried over, never reset; solved when no stream has an error. Stops
     * once every stream has erred. Ignores the validation set.
     */
    @Override
    public Verdict verdict(RecurrentNetwork network, List<SequenceBatch> validation, Evaluation evaluation) {
        boolean[] clean = new boolean[testStreams];
        Arrays.fill(clean, true);
        SequenceJudge.Criterion criterion = EmbeddedReber.legalSuccessorsMostActive();
        runTestStreams(network, TEST_CHUNK, (batch, outputs, offset) -> {
            criterion.judge(batch, outputs, clean);
            for (boolean c : clean) if (c) return true;
            return false;
        });
        long correct = 0;
        for (boolean c : clean) if (c) correct++;
        return Verdict.everyItem(testStreams, correct, String.format(Locale.ROOT,
                "streams of %,d symbols predicted without an error, never reset", testLength));
    }

    /** Receives each chunk of the test streams with the network's outputs on it. */
    @FunctionalInterface
    interface ChunkVisitor {
        /** Returns whether to go on; {@code offset} is the chunk's first step in the streams. */
        boolean visit(SequenceBatch chunk, float[] outputs, int offset);
    }

    /**
     * Runs the network over the test streams, {@code chunkSize} steps per forward pass, each pass
     * starting from the state where the previous one ended. Stream b draws from its own generator
     * (seeded from a fixed seed and b), so the streams do not depend on the chunk size.
     */
    void runTestStreams(RecurrentNetwork network, int chunkSize, ChunkVisitor visitor) {
        RandomGenerator[] rngs = new RandomGenerator[testStreams];
        for (int b = 0; b < testStreams; b++) rngs[b] = Rng.create(TEST_SEED + b);
        int[] states = freshStreams(testStreams);
        InitialState state = InitialState.ZERO;
        boolean goOn = true;
        for (int done = 0; done < testLength && goOn; done += chunkSize) {
            SequenceBatch batch = chunk(states, Math.min(chunkSize, testLength - done), rngs);
            network.forward(batch, state);
            goOn = visitor.visit(batch, network.outputs(), done);
            state = network.finalState();
        }
    }
}
