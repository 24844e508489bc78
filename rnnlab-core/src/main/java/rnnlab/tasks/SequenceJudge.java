package rnnlab.tasks;

import java.util.Arrays;
import java.util.List;
import rnnlab.nn.LossAt;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;

/**
 * Judging a network sequence by sequence, for tasks whose papers count correctly processed
 * sequences ("a sequence is processed correctly if the absolute error at its end is below 0.04").
 */
public final class SequenceJudge {
    private SequenceJudge() {}

    /** A criterion applied to each sequence of an evaluated batch. */
    @FunctionalInterface
    public interface Criterion {
        /**
         * Sets {@code correct[b] = false} for each sequence b of {@code batch} that fails; leaves the
         * others as they are (so that the chunks of one long sequence can be judged in turn).
         *
         * @param outputs the readout outputs of {@code batch}, as {@link RecurrentNetwork#outputs()}:
         *     [B, O] for a last-step loss, [T, B, O] for a loss at every step
         */
        void judge(SequenceBatch batch, float[] outputs, boolean[] correct);
    }

    /** Runs the network on every batch and counts the sequences that meet the criterion. */
    public static Verdict everySequence(RecurrentNetwork network, List<SequenceBatch> batches, Criterion criterion,
                                        String description) {
        long judged = 0, correct = 0;
        for (SequenceBatch batch : batches) {
            network.forward(batch);
            boolean[] ok = new boolean[batch.batch()];
            Arrays.fill(ok, true);
            criterion.judge(batch, network.outputs(), ok);
            judged += ok.length;
            for (boolean b : ok) if (b) correct++;
        }
        return Verdict.everyItem(judged, correct, description);
    }

    /** Cross-entropy targets: at every scored step the largest output is the target class. */
    public static Criterion argMaxAtEveryScoredStep() {
        return (batch, outputs, correct) -> {
            Targets t = batch.targets();
            int width = t.width();
            forEachScoredRow(batch, (row, b) -> {
                if (argMax(outputs, row * width, width) != t.classes()[row]) correct[b] = false;
            });
        };
    }

    /** Receives a scored (row, sequence) pair. */
    @FunctionalInterface
    interface RowVisitor {
        void visit(int row, int sequence);
    }

    /**
     * Visits each scored row of the batch's targets and outputs: row b for a last-step loss; row
     * t·B + b for every step t before sequence b's length otherwise.
     */
    static void forEachScoredRow(SequenceBatch batch, RowVisitor visitor) {
        int b = batch.batch();
        if (batch.targets().at() == LossAt.LAST) {
            for (int s = 0; s < b; s++) if (batch.length(s) > 0) visitor.visit(s, s);
            return;
        }
        for (int t = 0; t < batch.steps(); t++)
            for (int s = 0; s < b; s++) if (batch.active(t, s)) visitor.visit(t * b + s, s);
    }

    /** Index of the largest of {@code a[off .. off+width)} (the first on ties). */
    static int argMax(float[] a, int off, int width) {
        int best = 0;
        for (int j = 1; j < width; j++) if (a[off + j] > a[off + best]) best = j;
        return best;
    }
}
