package rnnlab.probe;

/**
 * Square and rectangular double matrices as arrays of rows ({@code a[i]} is row i), and the
 * few operations the probes need. Rows rather than one flat array because C2 vectorises
 * {@code y[j] += s·x[j]} only when both arrays are indexed by the same j (see JavaBlas), which
 * is the inner loop of every matrix-vector product here: A·x is computed from the rows of Aᵀ.
 */
final class Dense {
    private Dense() {}

    static double[][] zeros(int rows, int cols) {
        return new double[rows][cols];
    }

    static void setIdentity(double[][] a) {
        for (int i = 0; i < a.length; i++) {
            java.util.Arrays.fill(a[i], 0);
            a[i][i] = 1;
        }
    }

    /** y += s·x over the whole row. */
    static void axpy(double s, double[] x, double[] y) {
        for (int j = 0; j < y.length; j++) y[j] += s * x[j];
    }

    /** out := aᵀ (out is cols×rows of a). */
    static void transpose(double[][] a, double[][] out) {
        for (int i = 0; i < a.length; i++) {
            double[] ai = a[i];
            for (int j = 0; j < ai.length; j++) out[j][i] = ai[j];
        }
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    /** y := a·x, computed as Σ_j x_j·aᵀ[j] from the transpose (so that the loop vectorises). */
    static void timesVector(double[][] aT, double[] x, double[] y) {
        java.util.Arrays.fill(y, 0);
        for (int j = 0; j < aT.length; j++) {
            double s = x[j];
            if (s != 0) axpy(s, aT[j], y);
        }
    }
}
