package rnnlab.nn;

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
import rnnlab.math.FixedMatrix;
import rnnlab.math.FixedProducts;

/**
 * One time step of one recurrent layer, forward and backward, for all B sequences of the batch,
 * in µs. In package {@code rnnlab.nn} (of this module) because the cells and the trace's
 * constructor are package-private; the step products are written as {@link RecurrentLayer}
 * writes them (keep the two alike).
 * <ul>
 *   <li>{@code cellForward}, {@code cellBackward}: the cell's element-wise work only
 *       ({@link Cell#forward} / {@link Cell#backward} for b = 0..B−1);</li>
 *   <li>{@code stepForward}: the recurrent product {@code h_{t-1}·W_hhᵀ} (on W_hh prepared by
 *       {@link FixedProducts}, {@code products}, as the layer does once per pass) into the gate row, then the cells;</li>
 *   <li>{@code stepBackward}: the cells, the subnormal flush, then {@code dPre·W_hh} into ∂L/∂h_{t-1}.</li>
 * </ul>
 * The cells are the layer's ({@link Cell#of}): the vector cells where they fit, the scalar ones
 * with {@code -jvmArgsAppend "... -Drnnlab.cells=scalar"} (the flags of {@code @Fork} repeated).
 * Each first restores what it overwrites or accumulates into (one array copy of the gate row, or
 * of three [B, H] gradient rows), so repeated invocations see the same values. The weight
 * gradients are not here: the layer forms them once for all T steps (see {@code GemmBenchmark}
 * with 3200 rows).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class CellStepBenchmark {
    private static final int T = 2; // the measured step; state t−1 = 1 is a real state

    @Param({"lstm", "gru", "rnn"})
    public String cell;

    /** H:B. */
    @Param({"128:32", "512:64"})
    public String shape;

    /** {@link BlasProvider#create} kind, for the step products by gemm. */
    @Param({"system"})
    public String impl;

    /** {@link FixedProducts}: how the step products multiply by W_hh. */
    @Param({"gemm", "vector"})
    public String products;

    private CellType type;
    private Cell step;
    private Blas blas;
    private int hidden;
    private int batch;
    private int gateWidth;
    private LayerTrace trace;
    private FixedMatrix forwardProduct;  // op = W_hhᵀ
    private FixedMatrix backwardProduct; // op = W_hh
    private float[] biasHh;
    private float[] hiddenPre;
    private CellScratch scratch;    // the cells' block arrays
    private float[] preActivations; // the gate row of step t before the cell
    private float[] gradients;      // dHidden at t−1 and t, dCell at t−1 and t, as set up

    /** A trace with random states, pre-activations and incoming gradients, and one forward pass done. */
    @Setup
    public void setUp() {
        type = CellType.parse(cell);
        step = Cell.of(type, hidden);
        blas = BlasProvider.create(impl);
        String[] hb = shape.split(":");
        hidden = Integer.parseInt(hb[0]);
        batch = Integer.parseInt(hb[1]);
        gateWidth = type.gates() * hidden;
        trace = new LayerTrace(type, T, batch, hidden, hidden);
        Random r = new Random(1);
        fill(r, trace.hidden, 0.5f);
        if (trace.cellState != null) fill(r, trace.cellState, 1f);
        fill(r, trace.gates, 2f);
        fill(r, trace.dHidden, 1e-2f);
        if (trace.dCell != null) fill(r, trace.dCell, 1e-2f);
        float[] weightHh = new float[gateWidth * hidden];
        fill(r, weightHh, (float) (1 / Math.sqrt(hidden)));
        FixedProducts form = FixedProducts.valueOf(products.toUpperCase(java.util.Locale.ROOT));
        forwardProduct = form.fix(blas, batch, true, hidden, gateWidth, weightHh, 0, hidden, null);
        backwardProduct = form.fix(blas, batch, false, gateWidth, hidden, weightHh, 0, hidden, null);
        biasHh = new float[gateWidth];
        hiddenPre = new float[type == CellType.GRU ? batch * gateWidth : 0];
        scratch = new CellScratch(hidden);
        preActivations = java.util.Arrays.copyOfRange(trace.gates, trace.gateOffset(T, 0), trace.gateOffset(T, 0) + batch * gateWidth);
        stepForward(); // the gate row now holds gate values, as backward expects
        gradients = saveGradients();
        System.out.println("# blas: " + blas.name() + "; products: " + form.describe());
    }

    private static void fill(Random r, float[] a, float scale) {
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * scale);
    }

    /** The cells' element-wise forward work for step t. */
    @Benchmark
    public float[] cellForward() {
        restoreGates();
        cells();
        return trace.hidden;
    }

    /** The recurrent product and the cells for step t. */
    @Benchmark
    public float[] stepForward() {
        restoreGates();
        int prev = trace.stateOffset(T - 1, 0);
        if (type == CellType.GRU) {
            RecurrentLayer.fillRows(hiddenPre, batch, biasHh, null);
            forwardProduct.multiplyAdd(batch, trace.hidden, prev, hidden, hiddenPre, 0, gateWidth);
        } else {
            forwardProduct.multiplyAdd(batch, trace.hidden, prev, hidden, trace.gates, trace.gateOffset(T, 0), gateWidth);
        }
        cells();
        return trace.hidden;
    }

    /** The cells' element-wise backward work for step t. */
    @Benchmark
    public float[] cellBackward() {
        restoreGradients();
        backwardCells();
        return trace.dPreInput;
    }

    /** The cells (which flush what they write), the product carrying ∂L/∂h back to t−1 and its flush, as the layer runs them. */
    @Benchmark
    public float[] stepBackward() {
        restoreGradients();
        backwardCells();
        int g = trace.dPreOffset(T, 0), prev = trace.stateOffset(T - 1, 0);
        backwardProduct.multiplyAdd(batch, trace.dPreHidden, g, gateWidth, trace.dHidden, prev, hidden);
        RecurrentLayer.flushSubnormals(trace.dHidden, prev, batch * hidden);
        return trace.dHidden;
    }

    /** The cells' forward for all B rows, in blocks of the scratch's rows as the layer cuts them. */
    private void cells() {
        for (int b = 0; b < batch; b += scratch.rows()) step.forward(trace, T, b, Math.min(batch, b + scratch.rows()), hiddenPre, scratch);
    }

    private void backwardCells() {
        for (int b = 0; b < batch; b += scratch.rows()) step.backward(trace, T, b, Math.min(batch, b + scratch.rows()), scratch);
    }

    private void restoreGates() {
        System.arraycopy(preActivations, 0, trace.gates, trace.gateOffset(T, 0), preActivations.length);
    }

    /** dHidden and dCell at t−1 and t, which backward reads, writes and accumulates into. */
    private float[] saveGradients() {
        int rows = 2 * batch * hidden, from = trace.stateOffset(T - 1, 0);
        float[] saved = new float[2 * rows];
        System.arraycopy(trace.dHidden, from, saved, 0, rows);
        if (trace.dCell != null) System.arraycopy(trace.dCell, from, saved, rows, rows);
        return saved;
    }

    private void restoreGradients() {
        int rows = 2 * batch * hidden, from = trace.stateOffset(T - 1, 0);
        System.arraycopy(gradients, 0, trace.dHidden, from, rows);
        if (trace.dCell != null) System.arraycopy(gradients, rows, trace.dCell, from, rows);
    }
}
