package rnnlab.train;

import java.util.List;
import rnnlab.nn.Evaluation;
import rnnlab.nn.InitialState;
import rnnlab.nn.LossAt;
import rnnlab.nn.Parameter;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;

/**
 * The BPTT training loop for one batch at a time: forward, backward through time, clip, then
 * the optimiser step (clipping always comes before the step, never after).
 *
 * <p>Full BPTT accumulates the gradient over the whole sequence and updates once per batch
 * (seed 002). Truncated BPTT updates once per chunk ({@link Truncation}). An update whose
 * loss or gradient is not finite is skipped and counted, so a diverging step never writes NaN into the
 * weights.
 */
public final class Trainer {
    private final RecurrentNetwork network;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final Clipping clipping;
    private final Truncation truncation;
    private int step;
    private long skippedUpdates;
    private ClipResult lastClip; // the last update's clip (a field: no record per update)

    public Trainer(RecurrentNetwork network, Optimizer optimizer, LearningRateSchedule schedule,
                   Clipping clipping, Truncation truncation) {
        this.network = network;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.clipping = clipping;
        this.truncation = truncation;
    }

    /** What one training step did. */
    public record StepReport(int step, Evaluation evaluation, float learningRate,
                             double gradNormBefore, double gradNormAfter, int updates, int skipped) {
        public double loss() {
            return evaluation.loss();
        }
    }

    /** Trains on one batch: one update (full BPTT) or one per chunk (truncated). */
    public StepReport step(SequenceBatch batch) {
        float lr = schedule.at(step);
        StepReport report = truncation.isFull() ? fullStep(batch, lr) : truncatedStep(batch, lr);
        step++;
        return report;
    }

    /** Training steps (batches) done so far. */
    public int stepsDone() {
        return step;
    }

    /** Updates skipped because the gradient was not finite, over the whole run. */
    public long skippedUpdates() {
        return skippedUpdates;
    }

    public RecurrentNetwork network() {
        return network;
    }

    /** A copy of the optimiser's state, for a checkpoint. */
    public OptimizerState optimizerState() {
        return optimizer.state();
    }

    /** Continues from a checkpoint: steps done, updates skipped, the optimiser's state. */
    public void restore(int stepsDone, long skipped, OptimizerState optimizerState) {
        if (stepsDone < 0) throw new IllegalArgumentException("steps done must not be negative, got " + stepsDone);
        optimizer.restore(optimizerState);
        this.step = stepsDone;
        this.skippedUpdates = skipped;
    }

    private StepReport fullStep(SequenceBatch batch, float lr) {
        network.zeroGrad();
        Evaluation e = network.forward(batch, InitialState.ZERO);
        if (e == null) throw new IllegalArgumentException("a training batch needs targets");
        network.backward();
        boolean applied = update(lr, e.loss());
        return new StepReport(step, e, lr, lastClip.normBefore(), lastClip.normAfter(), applied ? 1 : 0, applied ? 0 : 1);
    }

    /** Chunks of k1 steps, each back-propagated through k2 steps from the state saved at its window start. */
    private StepReport truncatedStep(SequenceBatch batch, float lr) {
        if (batch.targets().at() == LossAt.LAST && batch.lengths() != null)
            throw new IllegalArgumentException("truncated BPTT with a last-step loss needs sequences of equal length; "
                    + "use a loss at every step, or full BPTT");
        int steps = batch.steps(), k1 = truncation.k1(), k2 = truncation.k2();
        Evaluation total = null;
        InitialState state = InitialState.ZERO;
        double maxBefore = 0, maxAfter = 0;
        int updates = 0, skipped = 0;
        for (int chunk = 0; chunk < steps; chunk += k1) {
            int end = Math.min(chunk + k1, steps);
            int from = Math.max(0, end - k2);
            network.zeroGrad();
            Evaluation e = network.forward(batch.window(from, end), state, chunk - from);
            if (e != null && e.scoredSteps() > 0) {
                network.backward();
                boolean applied = update(lr, e.loss());
                maxBefore = Math.max(maxBefore, lastClip.normBefore());
                maxAfter = Math.max(maxAfter, lastClip.normAfter());
                if (applied) updates++; else skipped++;
                total = total == null ? e : total.plus(e);
            }
            int nextEnd = Math.min(end + k1, steps);
            state = network.stateAt(Math.max(0, nextEnd - k2) - from);
        }
        if (total == null) throw new IllegalArgumentException("a training batch needs targets");
        return new StepReport(step, total, lr, maxBefore, maxAfter, updates, skipped);
    }

    /**
     * Clips, then steps the optimiser unless the loss or the gradient is not finite (then the
     * update is skipped and counted). Returns whether it was applied; the clip is in {@link #lastClip}.
     */
    private boolean update(float lr, double loss) {
        List<Parameter> params = network.parameters();
        ClipResult clip = clipping.apply(params);
        lastClip = clip;
        if (!clip.finite() || !Double.isFinite(loss)) {
            skippedUpdates++;
            return false;
        }
        optimizer.step(params, lr);
        return true;
    }
}
