package rnnlab.tasks;

import rnnlab.nn.SequenceBatch;

/** Reading one-hot inputs and targets back out of time-major batches, for the tests. */
final class Rows {
    private Rows() {}

    /** The symbol of input row (t, b), or −1 for an all-zero row; fails on a row that is not one-hot. */
    static int input(SequenceBatch s, int t, int b) {
        return oneHot(s.x(), (t * s.batch() + b) * s.inputSize(), s.inputSize());
    }

    /** The index of the single 1 in a[off .. off+width), −1 if all are 0. */
    static int oneHot(float[] a, int off, int width) {
        int found = -1;
        for (int i = 0; i < width; i++) {
            float v = a[off + i];
            if (v == 1f) {
                if (found >= 0) throw new AssertionError("two ones in a one-hot row at " + off);
                found = i;
            } else if (v != 0f) {
                throw new AssertionError("value " + v + " in a one-hot row at " + off);
            }
        }
        return found;
    }

    /** Target class at row (t, b) of a per-step classification batch. */
    static int targetClass(SequenceBatch s, int t, int b) {
        return s.targets().classes()[t * s.batch() + b];
    }
}
