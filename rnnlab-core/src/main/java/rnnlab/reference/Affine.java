package rnnlab.reference;

/**
 * The one linear map every cell and the readout use, {@code y = W x + b} with a row-major
 * {@code W} [rows, cols], and its backward pass. Plain loops: this is the oracle, not the engine.
 */
final class Affine {
    private Affine() {}

    /** Returns {@code W x + b}; {@code rows = bias.length}, {@code cols = x.length}. Arguments are not modified. */
    static double[] apply(double[] w, double[] bias, double[] x) {
        int rows = bias.length, cols = x.length;
        double[] y = bias.clone();
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += w[r * cols + c] * x[c];
            y[r] += sum;
        }
        return y;
    }

    /**
     * Back through {@code y = W x + b}: accumulates {@code dW += dy x^T} and {@code db += dy}
     * (both modified) and returns {@code dL/dx = W^T dy} (new array).
     */
    static double[] backward(double[] w, double[] x, double[] dy, double[] dW, double[] dBias) {
        int rows = dy.length, cols = x.length;
        double[] dx = new double[cols];
        for (int r = 0; r < rows; r++) {
            dBias[r] += dy[r];
            for (int c = 0; c < cols; c++) {
                dW[r * cols + c] += dy[r] * x[c];
                dx[c] += w[r * cols + c] * dy[r];
            }
        }
        return dx;
    }

    /** Elementwise {@code a + b} (new array). */
    static double[] add(double[] a, double[] b) {
        double[] sum = a.clone();
        for (int i = 0; i < sum.length; i++) sum[i] += b[i];
        return sum;
    }

    /** The logistic sigmoid σ(a) = 1 / (1 + e^{−a}). */
    static double sigmoid(double a) {
        return 1.0 / (1.0 + Math.exp(-a));
    }
}
