package rnnlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import rnnlab.math.Blas;

/**
 * The engine with the batch split into shards, each running the whole time loop on its own
 * thread, and in low-memory mode (pre-activation gradients and weight gradients chunk by chunk),
 * and with the products split by the BLAS's threads instead (the passes on one thread),
 * against the plain engine on one thread: same loss, outputs, gradients and traces, for every
 * cell, one and two layers, variable lengths, and batches that the shards do not divide or that
 * have fewer sequences than threads.
 */
class ShardedEngineTest {
    private static final int T = 7, I = 3, H = 6, O = 3;
    private static final double TOLERANCE = 1e-5;

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (CellType cell : CellType.values())
            for (int layers = 1; layers <= 2; layers++)
                for (int batch : new int[] {1, 2, 5, 16})
                    for (int threads : new int[] {1, 2, 3})
                        for (int chunk : new int[] {0, 3})
                            for (LossAt at : LossAt.values())
                                for (boolean split : new boolean[] {false, true})
                                    if ((threads > 1 || chunk > 0) && (!split || threads > 1))
                                        all.add(Arguments.of(cell, layers, batch, threads, chunk, at, split));
        return all.stream();
    }

    @ParameterizedTest(name = "{0} layers={1} B={2} threads={3} chunk={4} {5} split={6}")
    @MethodSource("cases")
    void shardsAndChunksComputeWhatThePlainEngineComputes(CellType cell, int layers, int batch, int threads, int chunk, LossAt at, boolean split) {
        Random rng = new Random(97L * cell.ordinal() + 13L * layers + batch + 5L * threads);
        NetworkConfig config = new NetworkConfig(cell, I, H, layers, O);
        RecurrentNetwork one = new RecurrentNetwork(config, Blas.get(), 1);
        // split: every layer runs its passes on one thread with products split by the BLAS's threads
        RecurrentNetwork many = new RecurrentNetwork(config, Blas.get(), 1).threads(threads, 1).chunkSteps(chunk)
                .splitMinBytes(split ? 0 : Long.MAX_VALUE);
        for (Parameter p : one.parameters()) {
            for (int i = 0; i < p.size(); i++) p.value()[i] = (float) (rng.nextGaussian() * 0.5);
            System.arraycopy(p.value(), 0, many.parameter(p.name()).value(), 0, p.size());
        }
        // Twice, with other data: the second pass reuses the workers and the buffers.
        for (int pass = 0; pass < 2; pass++) {
            SequenceBatch data = batch(rng, batch, at);
            InitialState init = initialState(rng, cell, layers, batch);
            one.zeroGrad();
            many.zeroGrad();
            Evaluation a = one.forward(data, init);
            Evaluation b = many.forward(data, init);
            assertEquals(a.loss(), b.loss(), TOLERANCE * Math.max(1, Math.abs(a.loss())), "loss");
            assertClose(one.outputs(), many.outputs(), "outputs");
            one.backward();
            many.backward();
            for (Parameter p : one.parameters()) assertClose(p.grad(), many.parameter(p.name()).grad(), "d" + p.name());
            for (int l = 0; l < layers; l++) {
                LayerTrace x = one.trace(l), y = many.trace(l);
                assertClose(x.hidden(), y.hidden(), "h" + l);
                assertClose(x.gates(), y.gates(), "gates" + l);
                if (y.chunk() == 0) {
                    assertClose(x.dHidden(), y.dHidden(), "dh" + l);
                } else {
                    // low memory: the last chunk's window, states 0..chunk, is what stays
                    assertTrue(y.dHidden() == null && y.dCell() == null, "low memory keeps no full dh, dc");
                    assertEquals(0, y.dStateBase);
                    assertClose(java.util.Arrays.copyOf(x.dHidden(), y.dHidden.length), y.dHidden, "dh0.." + l);
                    if (cell.hasCellState()) assertClose(java.util.Arrays.copyOf(x.dCell(), y.dCell.length), y.dCell, "dc0.." + l);
                }
                if (chunk == 0) {
                    assertClose(x.dPreInput(), y.dPreInput(), "dPreInput" + l);
                    assertClose(x.dPreHidden(), y.dPreHidden(), "dPreHidden" + l);
                } else {
                    assertTrue(y.dPreInput() == null && y.dPreHidden() == null, "low memory keeps no full dPre");
                }
                if (cell.hasCellState()) {
                    assertClose(x.cell(), y.cell(), "c" + l);
                    if (y.chunk() == 0) assertClose(x.dCell(), y.dCell(), "dc" + l);
                }
                if (x.hiddenProjection() != null) assertClose(x.hiddenProjection(), y.hiddenProjection(), "W_hn h" + l);
            }
            assertClose(one.finalState().hidden(layers - 1), many.finalState().hidden(layers - 1), "final state");
        }
    }

    @Test
    void lowMemoryKeepsOneChunkOfPreActivationGradients() {
        NetworkConfig config = new NetworkConfig(CellType.GRU, I, H, 1, O);
        RecurrentNetwork net = new RecurrentNetwork(config, Blas.get(), 1).lowMemory(true);
        assertTrue(net.lowMemory());
        Random rng = new Random(4);
        int steps = 40, batch = 2;
        float[] x = new float[steps * batch * I];
        int[] c = new int[steps * batch];
        net.forward(new SequenceBatch(steps, batch, I, x, null, Targets.classes(LossAt.EVERY, c, O)));
        LayerTrace tr = net.trace(0);
        assertEquals(RecurrentNetwork.LOW_MEMORY_CHUNK * batch * tr.gateWidth(), tr.dPreInput.length);
        assertEquals((RecurrentNetwork.LOW_MEMORY_CHUNK + 1) * batch * H, tr.dHidden.length); // a chunk's states and the one before
        assertTrue(tr.dHidden() == null && tr.dPreInput() == null);
        assertEquals(steps * batch * tr.gateWidth(), tr.gates().length);
        net.lowMemory(false).forward(new SequenceBatch(steps, batch, I, x, null, Targets.classes(LossAt.EVERY, c, O)));
        assertEquals(steps * batch * net.trace(0).gateWidth(), net.trace(0).dPreInput().length);
        assertEquals((steps + 1) * batch * H, net.trace(0).dHidden().length);
    }

    @Test
    void theRnnKeepsItsGateBlockOnceAsItsStates() {
        RecurrentNetwork net = new RecurrentNetwork(new NetworkConfig(CellType.RNN_TANH, I, H, 1, O), Blas.get(), 1);
        Random rng = new Random(5);
        for (Parameter p : net.parameters()) for (int i = 0; i < p.size(); i++) p.value()[i] = (float) rng.nextGaussian();
        int steps = 6, batch = 3;
        float[] x = new float[steps * batch * I];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        net.forward(new SequenceBatch(steps, batch, I, x, new int[] {6, 2, 4}, null));
        LayerTrace tr = net.trace(0);
        assertTrue(tr.gates() == tr.hidden(), "s_t is the RNN's gate block: one array");
        for (int t = 1; t <= steps; t++)
            for (int b = 0; b < batch; b++) {
                assertEquals(tr.stateOffset(t, b), tr.gateOffset(t, b));
                for (int j = 0; j < H; j++) {
                    float s = tr.hidden()[tr.stateOffset(t, b) + j];
                    assertTrue(tr.active(t, b) ? Math.abs(s) <= 1 : s == tr.hidden()[tr.stateOffset(t - 1, b) + j],
                            "t=" + t + " b=" + b + ": tanh of its pre-activation, or the carried state");
                }
            }
    }

    @Test
    void theDefaultSplitsOnlyBatchesWithEnoughSequencesPerShard() {
        BatchShards s = new BatchShards(2);
        assertEquals(1, s.shardsFor(1));
        assertEquals(1, s.shardsFor(15));
        assertEquals(2, s.shardsFor(16));
        assertEquals(2, s.shardsFor(128));
        assertEquals(1, new BatchShards(1).shardsFor(128));
        assertEquals(3, new BatchShards(4, 1).shardsFor(3));
    }

    @Test
    void changingTheThreadCountKeepsTheResults() {
        NetworkConfig config = new NetworkConfig(CellType.LSTM, I, H, 2, O);
        RecurrentNetwork net = new RecurrentNetwork(config, Blas.get(), 1);
        Random rng = new Random(3);
        for (Parameter p : net.parameters()) for (int i = 0; i < p.size(); i++) p.value()[i] = (float) (rng.nextGaussian() * 0.5);
        SequenceBatch data = batch(rng, 9, LossAt.EVERY);
        double loss1 = net.forward(data).loss();
        double loss4 = net.threads(4, 1).forward(data).loss();
        double loss2 = net.threads(2).forward(data).loss();
        assertEquals(4, net.threads(4).threads());
        assertEquals(loss1, loss4, 1e-6);
        assertEquals(loss1, loss2, 1e-6);
    }

    private static SequenceBatch batch(Random rng, int batch, LossAt at) {
        float[] x = new float[T * batch * I];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) lengths[b] = b == 0 ? T : rng.nextInt(T + 1); // some 0, some T
        if (at == LossAt.LAST) for (int b = 0; b < batch; b++) lengths[b] = Math.max(1, lengths[b]);
        int rows = at == LossAt.LAST ? batch : T * batch;
        int[] c = new int[rows];
        for (int i = 0; i < rows; i++) c[i] = rng.nextInt(O);
        return new SequenceBatch(T, batch, I, x, lengths, Targets.classes(at, c, O));
    }

    private static InitialState initialState(Random rng, CellType cell, int layers, int batch) {
        float[][] h = new float[layers][batch * H];
        float[][] c = cell.hasCellState() ? new float[layers][batch * H] : null;
        for (int l = 0; l < layers; l++)
            for (int i = 0; i < batch * H; i++) {
                h[l][i] = (float) rng.nextGaussian() * 0.5f;
                if (c != null) c[l][i] = (float) rng.nextGaussian() * 0.5f;
            }
        return new InitialState(h, c);
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 1e-6;
        for (float v : expected) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]) / scale;
            int at = i;
            assertTrue(err <= TOLERANCE, () -> what + ": " + expected[at] + " against " + actual[at] + " at " + at);
        }
    }
}
