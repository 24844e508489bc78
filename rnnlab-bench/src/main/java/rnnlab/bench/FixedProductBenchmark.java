package rnnlab.bench;

import java.util.Locale;
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
import rnnlab.math.BlasProvider;
import rnnlab.math.FixedMatrix;
import rnnlab.math.FixedProducts;

/**
 * The two per-step products of an LSTM layer, by W_hh prepared once ({@link FixedProducts}):
 * {@code forward} C[rows × 4H] += h[rows × H]·W_hhᵀ and {@code backward} C[rows × H] +=
 * dPre[rows × 4H]·W_hh, each 8·rows·H² floating-point operations (16 rows, H = 128: 2.1 MFLOP,
 * so GFLOP/s = 2097 / µs). {@code products=gemm} calls the BLAS {@code impl} (which packs W_hh
 * at every call), {@code vector} the Vector API kernels on W_hh packed once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class FixedProductBenchmark {
    /** {@link FixedProducts}, lower case. */
    @Param({"gemm", "vector"})
    public String products;

    /** {@link BlasProvider#create} kind, for {@code gemm}. */
    @Param({"system"})
    public String impl;

    @Param({"128", "256", "512"})
    public int hidden;

    /** One shard's rows at one step. */
    @Param({"16", "32", "64"})
    public int rows;

    private FixedMatrix forwardProduct;
    private FixedMatrix backwardProduct;
    private float[] h;
    private float[] gates;
    private float[] dPre;
    private float[] dHidden;

    /** W_hh, h and dPre random; both products prepared. */
    @Setup
    public void setUp() {
        int gateWidth = 4 * hidden;
        Random r = new Random(1);
        float[] weightHh = random(r, gateWidth * hidden);
        FixedProducts form = FixedProducts.valueOf(products.toUpperCase(Locale.ROOT));
        var blas = BlasProvider.create(impl);
        forwardProduct = form.fix(blas, rows, true, hidden, gateWidth, weightHh, 0, hidden, null);
        backwardProduct = form.fix(blas, rows, false, gateWidth, hidden, weightHh, 0, hidden, null);
        h = random(r, rows * hidden);
        dPre = random(r, rows * gateWidth);
        gates = new float[rows * gateWidth];
        dHidden = new float[rows * hidden];
        System.out.println("# blas: " + blas.name() + "; products: " + form.describe());
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (r.nextFloat() - 0.5f) * 0.1f;
        return a;
    }

    /** gates += h·W_hhᵀ. */
    @Benchmark
    public float[] forward() {
        forwardProduct.multiplyAdd(rows, h, 0, hidden, gates, 0, 4 * hidden);
        return gates;
    }

    /** dHidden += dPre·W_hh. */
    @Benchmark
    public float[] backward() {
        backwardProduct.multiplyAdd(rows, dPre, 0, 4 * hidden, dHidden, 0, hidden);
        return dHidden;
    }
}
