package rnnlab.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import rnnlab.math.Blas;
import rnnlab.math.BlasProvider;

/**
 * The three matrix products of one LSTM step in BPTT, with B rows (batch), H hidden units and
 * the four gates stacked (G = 4H columns), for each {@link Blas} implementation:
 * <ul>
 *   <li>{@code forward}: G[B×4H] = X[B×H]·W[4H×H]ᵀ ({@link Blas#multTransB})</li>
 *   <li>{@code backwardInput}: dX[B×H] = dG[B×4H]·W[4H×H] ({@link Blas#mult})</li>
 *   <li>{@code backwardWeights}: dW[4H×H] += dGᵀ·X ({@link Blas#multAddTransA})</li>
 * </ul>
 * Each is 2·B·4H·H floating-point operations: at B = 64 that is 8.4 MFLOP for H = 128 and
 * 134 MFLOP for H = 512, so GFLOP/s = MFLOP / (µs per op) / 1000. With B = 3200 rows they are
 * the products the layer makes once per batch over all T·B rows (the input projection has I,
 * not H, columns in A; the weight gradient is {@code backwardWeights}). An implementation that cannot
 * be loaded on the machine fails its runs (select others with {@code -p impl=java,bundled}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {
    /** {@link BlasProvider#create} kind. */
    @Param({"java", "system", "bundled"})
    public String impl;

    @Param({"128", "512"})
    public int hidden;

    /** Rows: 32 and 64 are one step's batch; 3200 is all T·B rows of a batch (B = 32, T = 100), as the input projection and the weight gradients use them. */
    @Param({"32", "64", "3200"})
    public int batch;

    private Blas blas;
    private int gates;
    private float[] x;
    private float[] w;
    private float[] g;
    private float[] dG;
    private float[] dX;
    private float[] dW;

    /** Loads the implementation and fills the operands with small random values. */
    @Setup
    public void setUp() {
        blas = BlasProvider.create(impl);
        System.out.println("# blas: " + blas.name());
        gates = 4 * hidden;
        Random r = new Random(1);
        x = random(r, batch * hidden);
        w = random(r, gates * hidden);
        dG = random(r, batch * gates);
        g = new float[batch * gates];
        dX = new float[batch * hidden];
        dW = new float[gates * hidden];
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (r.nextFloat() - 0.5f) * 0.1f;
        }
        return a;
    }

    /** G = X·Wᵀ. */
    @Benchmark
    public float[] forward() {
        blas.multTransB(batch, gates, hidden, x, w, g);
        return g;
    }

    /** dX = dG·W. */
    @Benchmark
    public float[] backwardInput() {
        blas.mult(batch, hidden, gates, dG, w, dX);
        return dX;
    }

    /** dW += dGᵀ·X. */
    @Benchmark
    public float[] backwardWeights() {
        blas.multAddTransA(gates, hidden, batch, dG, x, dW);
        return dW;
    }
}
