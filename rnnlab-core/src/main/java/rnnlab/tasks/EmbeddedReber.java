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
 * Next-symbol prediction on the embedded Reber grammar (Hochreiter &amp; Schmidhuber 1997,
 * experiment 1; the grammar is {@link ReberGrammar}'s). Each sequence is one string, the network
 * starting afresh.
 *
 * <p>The network reads a string one symbol at a time (one-hot over {@code BTPSXVE}) and at every
 * step predicts which symbols may come next. A string of n symbols gives n − 1 steps: every
 * symbol but the final E as input, and as target the set of legal successors after it, multi-hot
 * (1 for each legal symbol, else 0), trained by MSE, as in the paper. One or two symbols are legal
 * at each step, so the network cannot know the actual next symbol, only the set; the long-range
 * part is the second-to-last prediction, where only the branch symbol (T or P) chosen at the start
 * is legal. Strings have no bound in the grammar; strings longer than T + 1 symbols are redrawn
 * (at T = 100 a vanishing fraction), and a batch has as many steps as its longest string, with
 * per-sequence {@link SequenceBatch#lengths()}.
 *
 * <p>Layout: inputs {@code x[(t·B + b)·7 + symbol]}; targets
 * {@code Targets.values(LossAt.EVERY, y[steps, B, 7], 7)}.
 *
 * <p>Metric: MSE per output. Memoryless baseline: the best predictor that sees only the current
 * symbol (the expected target given that symbol), its MSE computed exactly from the automaton's
 * expected edge counts ({@link ReberGrammar#memorylessMse}), ≈ 0.108.
 *
 * <p>Solved, as in the paper: every symbol of every validation string is predicted correctly,
 * meaning that at every step the outputs of the legal successors are the most active ones. (The
 * paper used fixed sets of 256 training and 256 test strings; here strings are drawn fresh for
 * every batch and the validation set is {@code --eval-size} strings. LSTM: 148 of 150 trials after
 * about 8,440 sequences; references.md.)
 *
 * <p>Sampling order: strings one after another, each symbol a draw where the grammar branches.
 *
 * @param maxSteps T, the most steps (input symbols) of a string, at least 8 (the shortest string
 *     has 9 symbols)
 */
public record EmbeddedReber(int maxSteps) implements Task {
    /** Steps of the shortest embedded Reber string (BTBTXSETE, 9 symbols). */
    public static final int SHORTEST = 8;

    public EmbeddedReber {
        if (maxSteps < SHORTEST)
            throw new IllegalArgumentException("the Reber task needs T (the longest string, in steps) of at least "
                    + SHORTEST + ", got " + maxSteps);
    }

    @Override
    public String name() {
        return "reber";
    }

    /** T, the longest string in steps. */
    @Override
    public int steps() {
        return maxSteps;
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

    @Override
    public SequenceBatch sample(int batch, RandomGenerator rng) {
        OneHot.checkBatch(batch);
        int[][] strings = new int[batch][];
        int steps = 1;
        for (int b = 0; b < batch; b++) {
            do strings[b] = ReberGrammar.embeddedString(rng); while (strings[b].length - 1 > maxSteps);
            steps = Math.max(steps, strings[b].length - 1);
        }
        int width = ReberGrammar.SYMBOL_COUNT;
        float[] x = new float[Math.multiplyExact(Math.multiplyExact(steps, batch), width)];
        float[] y = new float[x.length];
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = strings[b].length - 1;
            int state = ReberGrammar.START;
            for (int t = 0; t < lengths[b]; t++) {
                OneHot.set(x, t, b, batch, width, strings[b][t]);
                state = ReberGrammar.next(state, strings[b][t]);
                ReberGrammar.writeLegal(y, t, b, batch, state);
            }
        }
        return new SequenceBatch(steps, batch, width, x, lengths, Targets.values(LossAt.EVERY, y, width));
    }

    /** {@link Evaluation#mse()}. */
    @Override
    public double metric(Evaluation evaluation) {
        return evaluation.mse();
    }

    /** {@link ReberGrammar#memorylessMse}, strings one at a time. */
    @Override
    public double baseline() {
        return ReberGrammar.memorylessMse(false);
    }

    /** Solved when at every step of every validation string the legal successors are the most active outputs. */
    @Override
    public Verdict verdict(RecurrentNetwork network, List<SequenceBatch> validation, Evaluation evaluation) {
        return SequenceJudge.everySequence(network, validation, legalSuccessorsMostActive(),
                "every symbol of every string predicted: the legal successors the most active outputs");
    }

    /** The per-string criterion: the legal successors are the most active outputs at every step. */
    static SequenceJudge.Criterion legalSuccessorsMostActive() {
        return (batch, outputs, correct) -> {
            float[] y = batch.targets().values();
            SequenceJudge.forEachScoredRow(batch, (row, b) -> {
                if (!ReberGrammar.legalMostActive(outputs, y, row * ReberGrammar.SYMBOL_COUNT)) correct[b] = false;
            });
        };
    }
}
