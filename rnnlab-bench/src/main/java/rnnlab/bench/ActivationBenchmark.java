package rnnlab.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import rnnlab.math.Activations;

/**
 * Gate nonlinearities in ns per element: {@link Activations} against {@link Math}, in place on
 * 4096 floats (one LSTM step's gates at B = 8, H = 128) drawn from N(0, 2²). Every variant
 * first restores the input with one array copy, so all include the same ≈0.05 ns/element.
 *
 * <p>{@code lstmGates} is the LSTM's gate pass over its [B, 4H] block as {@code LstmCell} does it
 * (per row sigmoid over i and f, tanh over g, sigmoid over o: three array passes);
 * {@code lstmGatesOneLoop} computes the same four gates in one loop over j per row, the shape a
 * fused cell kernel would have.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(ActivationBenchmark.N)
public class ActivationBenchmark {
    static final int N = 4096;
    static final int H = 128;

    private final float[] input = new float[N];
    private final float[] work = new float[N];

    /** Fills the input. */
    @Setup
    public void setUp() {
        Random r = new Random(1);
        for (int i = 0; i < N; i++) {
            input[i] = (float) (2 * r.nextGaussian());
        }
    }

    private float[] fresh() {
        System.arraycopy(input, 0, work, 0, N);
        return work;
    }

    /** {@link Activations#sigmoid(float[], int, int)}. */
    @Benchmark
    public float[] sigmoidFast() {
        float[] a = fresh();
        Activations.sigmoid(a, 0, N);
        return a;
    }

    /** {@link Activations#tanh(float[], int, int)}. */
    @Benchmark
    public float[] tanhFast() {
        float[] a = fresh();
        Activations.tanh(a, 0, N);
        return a;
    }

    /** 1/(1+{@link Math#exp}(−x)) in double, rounded to float. */
    @Benchmark
    public float[] sigmoidMath() {
        float[] a = fresh();
        for (int i = 0; i < N; i++) {
            a[i] = (float) (1 / (1 + Math.exp(-a[i])));
        }
        return a;
    }

    /** {@link Math#tanh}, rounded to float. */
    @Benchmark
    public float[] tanhMath() {
        float[] a = fresh();
        for (int i = 0; i < N; i++) {
            a[i] = (float) Math.tanh(a[i]);
        }
        return a;
    }

    /** The LSTM cell's gate pass: per 4H row, sigmoid(i, f), tanh(g), sigmoid(o). */
    @Benchmark
    public float[] lstmGates() {
        float[] a = fresh();
        for (int row = 0; row < N; row += 4 * H) {
            Activations.sigmoid(a, row, 2 * H);
            Activations.tanh(a, row + 2 * H, H);
            Activations.sigmoid(a, row + 3 * H, H);
        }
        return a;
    }

    /** The same gates, all four in one loop over j per row. */
    @Benchmark
    public float[] lstmGatesOneLoop() {
        float[] a = fresh();
        for (int row = 0; row < N; row += 4 * H) {
            for (int j = row, end = row + H; j < end; j++) {
                a[j] = Activations.sigmoid(a[j]);
                a[j + H] = Activations.sigmoid(a[j + H]);
                a[j + 2 * H] = Activations.tanh(a[j + 2 * H]);
                a[j + 3 * H] = Activations.sigmoid(a[j + 3 * H]);
            }
        }
        return a;
    }
}
