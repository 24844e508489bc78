package rnnlab.tasks;

/** Writing symbols into time-major arrays {@code a[(t·B + b)·width + i]} as one-hot rows. */
final class OneHot {
    private OneHot() {}

    /** Sets row (t, b) of a [T, B, width] array to the one-hot vector of {@code symbol}. */
    static void set(float[] a, int t, int b, int batch, int width, int symbol) {
        a[(t * batch + b) * width + symbol] = 1f;
    }

    /** Position of (step t, sequence b, column i) in a time-major [T, B, width] array. */
    static int index(int t, int b, int batch, int width, int i) {
        return (t * batch + b) * width + i;
    }

    /** Checks the batch size every task accepts. */
    static void checkBatch(int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
}
