package rnnlab.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import rnnlab.math.Blas;
import rnnlab.nn.CellType;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.Parameter;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;

/** Small random networks and batches for the probe tests, from fixed seeds. */
final class ProbeFixtures {

    /** (cell, layers, probed layer, loss position, mixed lengths) for every combination over {@code cells}. */
    static Stream<Arguments> cellLayerLossCases(CellType... cells) {
        List<Arguments> all = new ArrayList<>();
        for (CellType cell : cells)
            for (int layers = 1; layers <= 2; layers++)
                for (int layer = 0; layer < layers; layer++)
                    for (LossAt at : LossAt.values())
                        for (boolean mixed : new boolean[] {false, true})
                            all.add(Arguments.of(cell, layers, layer, at, mixed));
        return all.stream();
    }
    private ProbeFixtures() {}

    static RecurrentNetwork network(NetworkConfig config, long seed, double scale) {
        RecurrentNetwork net = new RecurrentNetwork(config, Blas.get());
        Random rng = new Random(seed);
        for (Parameter p : net.parameters()) fill(p.value(), rng, scale);
        return net;
    }

    static void fill(float[] a, Random rng, double scale) {
        for (int i = 0; i < a.length; i++) a[i] = (float) (scale * (2 * rng.nextDouble() - 1));
    }

    /** Inputs and MSE targets uniform in [−1, 1], or uniform classes; lengths may be null. */
    static SequenceBatch batch(NetworkConfig config, int steps, int batch, LossKind kind, LossAt at, int[] lengths, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[steps * batch * config.inputSize()];
        fill(x, rng, 1);
        int rows = at == LossAt.LAST ? batch : steps * batch;
        Targets t;
        if (kind == LossKind.MSE) {
            float[] y = new float[rows * config.outputSize()];
            fill(y, rng, 1);
            t = Targets.values(at, y, config.outputSize());
        } else {
            int[] c = new int[rows];
            for (int r = 0; r < rows; r++) c[r] = rng.nextInt(config.outputSize());
            t = Targets.classes(at, c, config.outputSize());
        }
        return new SequenceBatch(steps, batch, config.inputSize(), x, lengths == null ? null : lengths.clone(), t);
    }

    static SequenceBatch constantInputBatch(int steps, int batch, int inputs, float value, int outputs, long seed) {
        float[] x = new float[steps * batch * inputs];
        Arrays.fill(x, value);
        Random rng = new Random(seed);
        float[] y = new float[batch * outputs];
        fill(y, rng, 1);
        return new SequenceBatch(steps, batch, inputs, x, null, Targets.values(LossAt.LAST, y, outputs));
    }

    static NetworkConfig config(CellType cell, int inputs, int hidden, int layers, int outputs) {
        return new NetworkConfig(cell, inputs, hidden, layers, outputs);
    }

    /** σmax of a (rows × cols) by Jacobi eigenvalues of aᵀa: independent of power iteration. */
    static double sigmaMax(double[][] a) {
        int n = a[0].length;
        double[][] g = new double[n][n];
        for (double[] row : a)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) g[i][j] += row[i] * row[j];
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += g[p][q] * g[p][q];
            if (off < 1e-30 * (1 + trace2(g))) break;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++) {
                    if (g[p][q] == 0) continue;
                    double theta = (g[q][q] - g[p][p]) / (2 * g[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++) {
                        double gkp = g[k][p], gkq = g[k][q];
                        g[k][p] = c * gkp - s * gkq;
                        g[k][q] = s * gkp + c * gkq;
                    }
                    for (int k = 0; k < n; k++) {
                        double gpk = g[p][k], gqk = g[q][k];
                        g[p][k] = c * gpk - s * gqk;
                        g[q][k] = s * gpk + c * gqk;
                    }
                }
        }
        double max = 0;
        for (int i = 0; i < n; i++) max = Math.max(max, g[i][i]);
        return Math.sqrt(Math.max(0, max));
    }

    private static double trace2(double[][] g) {
        double s = 0;
        for (int i = 0; i < g.length; i++) s += g[i][i] * g[i][i];
        return s;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++)
            for (int k = 0; k < b.length; k++)
                for (int j = 0; j < b[0].length; j++) c[i][j] += a[i][k] * b[k][j];
        return c;
    }

    static double[][] identity(int n) {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) a[i][i] = 1;
        return a;
    }

    /** A float [rows, cols] row-major parameter as double rows. */
    static double[][] matrix(float[] a, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i][j] = a[i * cols + j];
        return m;
    }
}
