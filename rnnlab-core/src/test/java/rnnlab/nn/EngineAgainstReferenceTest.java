package rnnlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import rnnlab.math.Blas;
import rnnlab.reference.ReferenceNetwork;

/**
 * The float32 engine agrees with the double-precision reference (itself checked against finite
 * differences) on outputs, loss, every parameter gradient, every state and every per-step
 * gradient ∂L/∂h_t, ∂L/∂c_t, within 1e-4 of each tensor's scale; on one thread, with the
 * batch split into shards of 1 and 2 sequences on two threads, and in low-memory mode (chunks
 * of 4 steps: one partial, one whole) on one and two threads.
 */
class EngineAgainstReferenceTest {
    private static final int T = 6, B = 3, I = 3, H = 5, O = 3;
    private static final double TOLERANCE = 1e-4;

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (CellType cell : CellType.values())
            for (int layers = 1; layers <= 2; layers++)
                for (LossKind loss : LossKind.values())
                    for (LossAt at : LossAt.values())
                        for (boolean givenState : new boolean[] {false, true})
                            for (boolean mixed : new boolean[] {false, true})
                                for (int threads = 1; threads <= 2; threads++)
                                    for (int chunk : new int[] {0, 4})
                                        all.add(Arguments.of(cell, layers, loss, at, givenState, mixed, threads, chunk));
        return all.stream();
    }

    @ParameterizedTest(name = "{0} layers={1} {2} {3} givenState={4} mixed={5} threads={6} chunk={7}")
    @MethodSource("cases")
    void floatEngineMatchesTheReference(CellType cell, int layers, LossKind loss, LossAt at, boolean givenState, boolean mixed,
                                        int threads, int chunk) {
        Random rng = new Random(31L * cell.ordinal() + 7L * layers + (givenState ? 3 : 0) + (mixed ? 1 : 0));
        NetworkConfig config = new NetworkConfig(cell, I, H, layers, O);
        RecurrentNetwork net = new RecurrentNetwork(config, Blas.get(), 1).threads(threads, 1).chunkSteps(chunk);
        for (Parameter p : net.parameters()) fill(p.value(), rng, cell == CellType.RNN_RELU ? 0.4 : 0.6);
        SequenceBatch batch = batch(rng, loss, at, mixed ? new int[] {T, 2, 0} : null);
        InitialState init = givenState ? initialState(rng, cell, layers) : InitialState.ZERO;

        Evaluation e = net.forward(batch, init);
        net.backward();
        ReferenceNetwork.Result ref = ReferenceNetwork.of(config, net.parameters()).run(batch, init);

        assertEquals(ref.loss(), e.loss(), TOLERANCE * Math.max(1, Math.abs(ref.loss())), "loss");
        assertEquals(ref.evaluation().scoredSteps(), e.scoredSteps());
        compareOutputs(net, ref, batch, at);
        for (Parameter p : net.parameters()) assertClose(ref.gradient(p.name()), p.grad(), "d" + p.name());
        for (int l = 0; l < layers; l++) compareTrace(net.trace(l), ref, l, cell);
    }

    /**
     * With H so wide that a cell block holds one row, every step is cut into one block per
     * sequence (padded ones between): the same results as the reference.
     */
    @ParameterizedTest(name = "{0} threads={1}")
    @MethodSource("wideCases")
    void blocksOfOneRowMatchTheReference(CellType cell, int threads) {
        int wide = CellScratch.BLOCK_ELEMENTS / 2 + 1;
        assertEquals(1, new CellScratch(wide).rows());
        Random rng = new Random(17L * cell.ordinal() + threads);
        NetworkConfig config = new NetworkConfig(cell, I, wide, 1, O);
        RecurrentNetwork net = new RecurrentNetwork(config, Blas.get(), 1).threads(threads, 1);
        for (Parameter p : net.parameters()) fill(p.value(), rng, 1 / Math.sqrt(wide));
        SequenceBatch batch = batch(rng, LossKind.MSE, LossAt.EVERY, new int[] {T, 2, 4});
        net.forward(batch, InitialState.ZERO);
        net.backward();
        ReferenceNetwork.Result ref = ReferenceNetwork.of(config, net.parameters()).run(batch, InitialState.ZERO);
        for (Parameter p : net.parameters()) assertClose(ref.gradient(p.name()), p.grad(), "d" + p.name());
        compareTrace(net.trace(0), ref, 0, cell);
    }

    static Stream<Arguments> wideCases() {
        List<Arguments> all = new ArrayList<>();
        for (CellType cell : CellType.values()) for (int threads = 1; threads <= 2; threads++) all.add(Arguments.of(cell, threads));
        return all.stream();
    }

    private static void compareOutputs(RecurrentNetwork net, ReferenceNetwork.Result ref, SequenceBatch batch, LossAt at) {
        float[] out = net.outputs();
        List<Double> expected = new ArrayList<>(), actual = new ArrayList<>();
        for (int b = 0; b < B; b++) {
            int len = batch.length(b);
            for (int t = 0; t < T; t++) {
                boolean compared = at == LossAt.LAST ? t == len - 1 : t < len;
                if (!compared) continue;
                int row = at == LossAt.LAST ? b : t * B + b;
                for (int o = 0; o < O; o++) {
                    expected.add(ref.outputs()[b][t][o]);
                    actual.add((double) out[row * O + o]);
                }
            }
        }
        assertClose(expected.stream().mapToDouble(d -> d).toArray(), toFloat(actual), "outputs");
    }

    private static void compareTrace(LayerTrace tr, ReferenceNetwork.Result ref, int l, CellType cell) {
        assertClose(flattenStates(ref.hidden()[l]), tr.hidden(), "h, layer " + l);
        if (cell.hasCellState()) assertClose(flattenStates(ref.cell()[l]), tr.cell(), "c, layer " + l);
        assertClose(flattenStates(ref.gates()[l]), EngineDigest.gateRows(tr), "gates, layer " + l);
        if (tr.dHidden() == null) { // low-memory mode: the last chunk's window, states 0..chunk
            assertClose(Arrays.copyOf(flattenStates(ref.dHidden()[l]), tr.dHidden.length), tr.dHidden, "dL/dh, layer " + l);
            if (cell.hasCellState())
                assertClose(Arrays.copyOf(flattenStates(ref.dCell()[l]), tr.dCell.length), tr.dCell, "dL/dc, layer " + l);
            return;
        }
        assertClose(flattenStates(ref.dHidden()[l]), tr.dHidden(), "dL/dh, layer " + l);
        if (cell.hasCellState()) assertClose(flattenStates(ref.dCell()[l]), tr.dCell(), "dL/dc, layer " + l);
        assertClose(flattenStates(ref.dPreInput()[l]), tr.dPreInput(), "dPreInput, layer " + l);
        assertClose(flattenStates(ref.dPreHidden()[l]), tr.dPreHidden(), "dPreHidden, layer " + l);
    }

    /** [B][rows][W] per sequence to the engine's time-major [rows, B, W]. */
    private static double[] flattenStates(double[][][] perSequence) {
        int rows = perSequence[0].length, width = perSequence[0][0].length;
        double[] flat = new double[rows * B * width];
        for (int b = 0; b < B; b++)
            for (int t = 0; t < rows; t++)
                System.arraycopy(perSequence[b][t], 0, flat, (t * B + b) * width, width);
        return flat;
    }

    /** Agreement within TOLERANCE of the tensor's largest magnitude (never below 1e-6). */
    static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 1e-6;
        for (double v : expected) scale = Math.max(scale, Math.abs(v));
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]) / scale;
            if (err > worst) { worst = err; at = i; }
        }
        final int where = at;
        final double w = worst;
        assertTrue(worst <= TOLERANCE, () -> what + ": relative error " + w + " at " + where
                + " (expected " + expected[where] + ", got " + actual[where] + ")");
    }

    private static float[] toFloat(List<Double> v) {
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) f[i] = v.get(i).floatValue();
        return f;
    }

    private static void fill(float[] a, Random rng, double scale) {
        for (int i = 0; i < a.length; i++) a[i] = (float) (rng.nextGaussian() * scale);
    }

    private static SequenceBatch batch(Random rng, LossKind loss, LossAt at, int[] lengths) {
        float[] x = new float[T * B * I];
        fill(x, rng, 1);
        int rows = at == LossAt.LAST ? B : T * B;
        Targets targets;
        if (loss == LossKind.MSE) {
            float[] y = new float[rows * O];
            fill(y, rng, 1);
            targets = Targets.values(at, y, O);
        } else {
            int[] c = new int[rows];
            for (int i = 0; i < rows; i++) c[i] = rng.nextInt(O);
            targets = Targets.classes(at, c, O);
        }
        return new SequenceBatch(T, B, I, x, lengths, targets);
    }

    private static InitialState initialState(Random rng, CellType cell, int layers) {
        float[][] h = new float[layers][B * H];
        float[][] c = cell.hasCellState() ? new float[layers][B * H] : null;
        for (int l = 0; l < layers; l++) {
            fill(h[l], rng, 0.5);
            if (c != null) fill(c[l], rng, 0.5);
        }
        return new InitialState(h, c);
    }
}
