package rnnlab.nn;

import java.util.Arrays;

/**
 * B sequences of up to T steps, time-major: input {@code x[(t·B + b)·I + i]}.
 *
 * <p>{@code lengths} (null when every sequence has T steps) gives each sequence's length in
 * [0, T]; steps at or past a sequence's length are padding: they change neither its state nor
 * its gradient, and carry no loss. (A sequence of length 0 is all padding: it passes its
 * initial state through unchanged and has no last step to score.)
 */
public record SequenceBatch(int steps, int batch, int inputSize, float[] x, int[] lengths, Targets targets) {
    public SequenceBatch {
        if (steps < 1 || batch < 1 || inputSize < 1)
            throw new IllegalArgumentException("empty batch: steps=" + steps + " batch=" + batch + " inputs=" + inputSize);
        if (x.length != (long) steps * batch * inputSize)
            throw new IllegalArgumentException("x has " + x.length + " values, expected T·B·I = " + (long) steps * batch * inputSize);
        if (lengths != null) {
            if (lengths.length != batch) throw new IllegalArgumentException("lengths has " + lengths.length + " entries, expected " + batch);
            for (int b = 0; b < batch; b++)
                if (lengths[b] < 0 || lengths[b] > steps)
                    throw new IllegalArgumentException("sequence " + b + " has length " + lengths[b] + ", outside [0, " + steps + "]");
        }
        if (targets != null) checkTargets(targets, steps, batch);
    }

    private static void checkTargets(Targets t, int steps, int batch) {
        long rows = t.at() == LossAt.LAST ? batch : (long) steps * batch;
        long expected = t.values() != null ? rows * t.width() : rows;
        int actual = t.values() != null ? t.values().length : t.classes().length;
        if (actual != expected)
            throw new IllegalArgumentException("targets have " + actual + " entries, expected " + expected);
        if (t.classes() != null)
            for (int c : t.classes())
                if (c < 0 || c >= t.width())
                    throw new IllegalArgumentException("class " + c + " outside [0, " + t.width() + ")");
    }

    /** Length of sequence {@code b}. */
    public int length(int b) {
        return lengths == null ? steps : lengths[b];
    }

    /** Whether step {@code t} of sequence {@code b} is real data (not padding). */
    public boolean active(int t, int b) {
        return lengths == null || t < lengths[b];
    }

    /**
     * Steps [from, to) as a batch of their own (copies). Lengths are cut to the window (0 for a
     * sequence that ended before {@code from}); per-step targets are cut too; last-step targets are kept only when
     * the window ends at T.
     */
    public SequenceBatch window(int from, int to) {
        if (from < 0 || to > steps || from >= to) throw new IllegalArgumentException("bad window [" + from + ", " + to + ")");
        int n = to - from;
        float[] wx = Arrays.copyOfRange(x, from * batch * inputSize, to * batch * inputSize);
        int[] wl = null;
        if (lengths != null) {
            wl = new int[batch];
            for (int b = 0; b < batch; b++) wl[b] = Math.clamp(lengths[b] - from, 0, n);
        }
        Targets wt = null;
        if (targets != null && targets.at() == LossAt.EVERY) {
            int w = targets.values() != null ? targets.width() : 1;
            wt = targets.values() != null
                    ? Targets.values(LossAt.EVERY, Arrays.copyOfRange(targets.values(), from * batch * w, to * batch * w), w)
                    : Targets.classes(LossAt.EVERY, Arrays.copyOfRange(targets.classes(), from * batch, to * batch), targets.width());
        } else if (targets != null && to == steps) {
            wt = targets;
        }
        return new SequenceBatch(n, batch, inputSize, wx, wl, wt);
    }

}
