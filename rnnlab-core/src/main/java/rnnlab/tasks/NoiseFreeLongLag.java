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
 * Noise-free sequences with a long time lag (Hochreiter &amp; Schmidhuber 1997, experiment 2a).
 *
 * <p>There are p + 1 symbols, a₁ … a_{p−1}, x and y, coded one-hot (indices 0 … p − 2 for
 * a₁ … a_{p−1}, {@link #x()} = p − 1, {@link #y()} = p). Only two sequences exist, each drawn with
 * probability ½: (y, a₁, a₂, …, a_{p−1}, y) and (x, a₁, a₂, …, a_{p−1}, x). The network sees one
 * symbol per step and predicts the next at every step, so a sequence is p steps of input (its
 * first p symbols) with the p following symbols as targets. Every prediction but the last follows
 * from the current symbol alone; the last needs the first symbol, p steps back.
 *
 * <p>Layout: one-hot inputs {@code x[(t·B + b)·(p+1) + symbol]}; targets
 * {@code Targets.classes(LossAt.EVERY, y[p, B], p + 1)}.
 *
 * <p>Metric: cross-entropy per step in nats. Memoryless baseline: a predictor that sees the
 * current symbol (or the step index) but remembers nothing gets every step right except the last,
 * where it can only say ½ for x and y: ln 2 / p nats per step.
 *
 * <p>Solved: every prediction of every validation sequence right by arg-max; since all but the
 * last are fixed, this is the final symbol predicted for both sequences (the paper reports LSTM
 * solving p = 100 in 18 of 18 trials after about 5,040 sequences, BPTT in none; references.md).
 *
 * <p>Sampling order: one draw per sequence (0 gives the x sequence).
 *
 * @param lag p, at least 2
 */
public record NoiseFreeLongLag(int lag) implements PerStepCrossEntropy {
    public NoiseFreeLongLag {
        if (lag < 2) throw new IllegalArgumentException("the noise-free long-lag task needs p of at least 2, got " + lag);
    }

    @Override
    public String name() {
        return "hs97-lag";
    }

    /** p. */
    @Override
    public int steps() {
        return lag;
    }

    /** p + 1 symbols. */
    @Override
    public int inputSize() {
        return lag + 1;
    }

    @Override
    public int outputSize() {
        return lag + 1;
    }

    /** The symbol x. */
    public int x() {
        return lag - 1;
    }

    /** The symbol y. */
    public int y() {
        return lag;
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
        int width = inputSize();
        float[] in = new float[Math.multiplyExact(Math.multiplyExact(lag, batch), width)];
        int[] target = new int[Math.multiplyExact(lag, batch)];
        for (int b = 0; b < batch; b++) {
            int key = rng.nextInt(2) == 0 ? x() : y();
            for (int t = 0; t < lag; t++) {
                OneHot.set(in, t, b, batch, width, symbolAt(t, key));
                target[t * batch + b] = symbolAt(t + 1, key);
            }
        }
        return new SequenceBatch(lag, batch, width, in, null, Targets.classes(LossAt.EVERY, target, width));
    }

    /** Symbol t (0..p) of the sequence that starts and ends with {@code key}. */
    private int symbolAt(int t, int key) {
        return t == 0 || t == lag ? key : t - 1;
    }

    /** ln 2 / p. */
    @Override
    public double baseline() {
        return Math.log(2) / lag;
    }

    /** Solved when every prediction of every validation sequence is right by arg-max. */
    @Override
    public Verdict verdict(RecurrentNetwork network, List<SequenceBatch> validation, Evaluation evaluation) {
        return SequenceJudge.everySequence(network, validation, SequenceJudge.argMaxAtEveryScoredStep(),
                "every next symbol, the final x or y included, predicted");
    }
}
