package rnnlab.reference;

import org.junit.jupiter.api.Test;
import rnnlab.nn.CellType;
import rnnlab.nn.Evaluation;
import rnnlab.nn.InitialState;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.Parameter;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Known answers computed by hand from the equations (scalar networks, where every term can be
 * written out), the loss bookkeeping, and the API's contracts.
 */
class ReferenceNetworkTest {

    private static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }

    private static SequenceBatch scalarBatch(float[] x, LossAt at, float... y) {
        return new SequenceBatch(x.length, 1, 1, x, null, Targets.values(at, y, 1));
    }

    // ---- forward equations by hand ----------------------------------------------------------

    @Test
    void scalarTanhRnnMatchesTheBpttSumOfTheory() {
        double u = 0.7, w = -0.9, bIh = 0.1, bHh = -0.3, v = 1.3, b2 = 0.2, s0 = 0.4, y = 0.5;
        float[] x = {0.5f, -1.0f, 0.25f};
        Map<String, double[]> p = Map.of("weight_ih_l0", new double[] {u}, "weight_hh_l0", new double[] {w},
                "bias_ih_l0", new double[] {bIh}, "bias_hh_l0", new double[] {bHh},
                "readout.weight", new double[] {v}, "readout.bias", new double[] {b2});
        ReferenceNetwork network = new ReferenceNetwork(new NetworkConfig(CellType.RNN_TANH, 1, 1, 1, 1), p);
        ReferenceNetwork.Result r = network.run(scalarBatch(x, LossAt.LAST, (float) y),
                new InitialState(new float[][] {{(float) s0}}, null));

        double[] s = new double[4];
        s[0] = (float) s0;
        for (int t = 1; t <= 3; t++) s[t] = Math.tanh(u * x[t - 1] + bIh + w * s[t - 1] + bHh);
        double o = v * s[3] + b2;
        assertEquals(0.5 * (y - o) * (y - o), r.loss(), 1e-15);
        // dL_T/dW = Σ_k dL/do · do/ds_T · (Π_{j=k+1..T} ds_j/ds_{j−1}) · ds_k/dW^(k)  (theory.md, section 1)
        double dW = 0, dU = 0;
        for (int k = 1; k <= 3; k++) {
            double path = (o - y) * v;
            for (int j = k + 1; j <= 3; j++) path *= (1 - s[j] * s[j]) * w;
            path *= 1 - s[k] * s[k];
            dW += path * s[k - 1];
            dU += path * x[k - 1];
        }
        assertEquals(dW, r.gradient("weight_hh_l0")[0], 1e-15);
        assertEquals(dU, r.gradient("weight_ih_l0")[0], 1e-15);
        assertEquals((o - y) * s[3], r.gradient("readout.weight")[0], 1e-15);
    }

    @Test
    void lstmStepFollowsTheoryWithGateBlocksIFGO() {
        // One unit, one input: row k of each [4, 1] tensor is gate block k (i, f, g, o).
        double[] wIh = {0.3, -0.6, 0.9, 0.2}, wHh = {-0.4, 0.5, 0.1, -0.7}, bIh = {0.1, 0.8, -0.2, 0.05}, bHh = {0.02, -0.1, 0.3, 0.4};
        double x = 0.6, h0 = -0.3, c0 = 0.9;
        Map<String, double[]> p = Map.of("weight_ih_l0", wIh, "weight_hh_l0", wHh, "bias_ih_l0", bIh, "bias_hh_l0", bHh,
                "readout.weight", new double[] {1}, "readout.bias", new double[] {0});
        ReferenceNetwork network = new ReferenceNetwork(new NetworkConfig(CellType.LSTM, 1, 1, 1, 1), p);
        ReferenceNetwork.Result r = network.run(scalarBatch(new float[] {(float) x}, LossAt.LAST, 0f),
                new InitialState(new float[][] {{(float) h0}}, new float[][] {{(float) c0}}));

        double xf = (float) x, hf = (float) h0, cf = (float) c0;
        double[] pre = new double[4];
        for (int k = 0; k < 4; k++) pre[k] = wIh[k] * xf + bIh[k] + wHh[k] * hf + bHh[k];
        double i = sigmoid(pre[0]), f = sigmoid(pre[1]), g = Math.tanh(pre[2]), o = sigmoid(pre[3]);
        double c1 = f * cf + i * g, h1 = o * Math.tanh(c1);
        assertArrayEquals(new double[] {i, f, g, o}, r.gates()[0][0][0], 1e-15);
        assertEquals(c1, r.cell()[0][0][1][0], 1e-15);
        assertEquals(h1, r.hidden()[0][0][1][0], 1e-15);
    }

    @Test
    void gruStepIsPyTorchsWithTheHiddenBiasInsideTheResetProduct() {
        double[] wIh = {0.3, -0.6, 0.9}, wHh = {-0.4, 0.5, 0.7}, bIh = {0.1, 0.8, -0.2}, bHh = {0.02, -0.1, 0.6};
        double x = 0.6, h0 = -0.3;
        Map<String, double[]> p = Map.of("weight_ih_l0", wIh, "weight_hh_l0", wHh, "bias_ih_l0", bIh, "bias_hh_l0", bHh,
                "readout.weight", new double[] {1}, "readout.bias", new double[] {0});
        ReferenceNetwork network = new ReferenceNetwork(new NetworkConfig(CellType.GRU, 1, 1, 1, 1), p);
        ReferenceNetwork.Result r = network.run(scalarBatch(new float[] {(float) x}, LossAt.LAST, 0f),
                new InitialState(new float[][] {{(float) h0}}, null));

        double xf = (float) x, hf = (float) h0;
        double reset = sigmoid(wIh[0] * xf + bIh[0] + wHh[0] * hf + bHh[0]);
        double update = sigmoid(wIh[1] * xf + bIh[1] + wHh[1] * hf + bHh[1]);
        double n = Math.tanh(wIh[2] * xf + bIh[2] + reset * (wHh[2] * hf + bHh[2]));
        assertArrayEquals(new double[] {reset, update, n}, r.gates()[0][0][0], 1e-15);
        assertEquals((1 - update) * n + update * hf, r.hidden()[0][0][1][0], 1e-15);
    }

    @Test
    void upperLayerReadsTheLowerLayersStateOfTheSameStep() {
        // Scalar tanh RNN, two layers: s1_t = tanh(u1 s0_t + w1 s1_{t−1} + b1) with s0_t from layer 0.
        Map<String, double[]> p = new HashMap<>();
        p.put("weight_ih_l0", new double[] {0.8});
        p.put("weight_hh_l0", new double[] {0.5});
        p.put("bias_ih_l0", new double[] {0.1});
        p.put("bias_hh_l0", new double[] {0});
        p.put("weight_ih_l1", new double[] {-1.1});
        p.put("weight_hh_l1", new double[] {0.6});
        p.put("bias_ih_l1", new double[] {0.2});
        p.put("bias_hh_l1", new double[] {-0.05});
        p.put("readout.weight", new double[] {1});
        p.put("readout.bias", new double[] {0});
        ReferenceNetwork network = new ReferenceNetwork(new NetworkConfig(CellType.RNN_TANH, 1, 1, 2, 1), p);
        float[] x = {0.3f, -0.7f};
        ReferenceNetwork.Result r = network.run(scalarBatch(x, LossAt.EVERY, 0f, 0f), InitialState.ZERO);
        double low = 0, high = 0;
        for (int t = 1; t <= 2; t++) {
            low = Math.tanh(0.8 * x[t - 1] + 0.1 + 0.5 * low);
            high = Math.tanh(-1.1 * low + 0.2 + 0.6 * high - 0.05);
            assertEquals(low, r.hidden()[0][0][t][0], 1e-15);
            assertEquals(high, r.hidden()[1][0][t][0], 1e-15);
            assertEquals(high, r.outputs()[0][t - 1][0], 1e-15);
        }
    }

    // ---- loss bookkeeping ---------------------------------------------------------------------

    @Test
    void crossEntropyEvaluationCountsScoredStepsAndCorrectArgMax() {
        // V = 0, so every output is b2 and every step loss is logsumexp(b2) − b2[class].
        NetworkConfig config = new NetworkConfig(CellType.GRU, 2, 3, 1, 3);
        Map<String, double[]> p = Fixtures.randomParameters(config, 3, 0.5);
        double[] b2 = {0.1, 0.5, -0.2};
        p.put("readout.weight", new double[9]);
        p.put("readout.bias", b2);
        ReferenceNetwork network = new ReferenceNetwork(config, p);
        int[] classes = {1, 0, 2, /* t = 1: */ 0, 1, 1};  // [T = 2, B = 3]; sequence 1 is empty, 2 has one step
        SequenceBatch batch = new SequenceBatch(2, 3, 2, new float[12], new int[] {2, 0, 1},
                Targets.classes(LossAt.EVERY, classes, 3));
        Evaluation e = network.run(batch, InitialState.ZERO).evaluation();

        double logSumExp = Math.log(Math.exp(0.1) + Math.exp(0.5) + Math.exp(-0.2));
        double sum = (logSumExp - b2[1]) + (logSumExp - b2[2]) + (logSumExp - b2[0]);  // (0,0), (0,2), (1,0)
        assertEquals(LossKind.CROSS_ENTROPY, e.kind());
        assertEquals(3, e.scoredSteps());
        assertEquals(1, e.correct(), "only class 1 is the arg-max");
        assertEquals(sum, e.sumStepLoss(), 1e-15);
        assertEquals(sum / 3, e.loss(), 1e-15);
        assertEquals(0, e.sumSquaredError());
        assertEquals(3, e.sequences());
        assertEquals(3, e.outputs());
    }

    @Test
    void mseEvaluationScoresTheLastRealStepOfEachNonEmptySequence() {
        NetworkConfig config = Fixtures.config(CellType.LSTM, 1, LossKind.MSE);
        ReferenceNetwork network = Fixtures.randomNetwork(config, 4);
        SequenceBatch batch = Fixtures.randomBatch(config, LossKind.MSE, LossAt.LAST, Fixtures.MIXED_LENGTHS, 5);
        ReferenceNetwork.Result r = network.run(batch, InitialState.ZERO);
        Evaluation e = r.evaluation();
        double sse = 0;
        for (int b : new int[] {0, 2}) {  // sequence 1 is empty: no loss
            double[] o = r.outputs()[b][batch.length(b) - 1];
            for (int k = 0; k < o.length; k++) {
                double d = batch.targets().values()[b * o.length + k] - o[k];
                sse += d * d;
            }
        }
        assertEquals(2, e.scoredSteps());
        assertEquals(sse, e.sumSquaredError(), 1e-14);
        assertEquals(sse / 2, e.sumStepLoss(), 1e-14);
        assertEquals(sse / 2 / 3, e.loss(), 1e-14, "the mean is over all B sequences, the empty one too");
        assertEquals(0, e.correct());
    }

    // ---- API contracts ------------------------------------------------------------------------

    @Test
    void shapesArePyTorchsInOrderAndCountEveryParameter() {
        NetworkConfig config = new NetworkConfig(CellType.LSTM, 3, 4, 2, 5);
        Map<String, int[]> shapes = ReferenceNetwork.shapes(config);
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "readout.weight", "readout.bias"),
                new ArrayList<>(shapes.keySet()));
        assertArrayEquals(new int[] {16, 3}, shapes.get("weight_ih_l0"));
        assertArrayEquals(new int[] {16, 4}, shapes.get("weight_ih_l1"));
        assertArrayEquals(new int[] {5, 4}, shapes.get("readout.weight"));
        long total = shapes.values().stream().mapToLong(s -> s.length == 1 ? s[0] : (long) s[0] * s[1]).sum();
        assertEquals(config.parameterCount(), total);
    }

    @Test
    void constructorCopiesAndParametersAreLive() {
        NetworkConfig config = Fixtures.config(CellType.RNN_TANH, 1, LossKind.MSE);
        Map<String, double[]> source = Fixtures.randomParameters(config, 1, 0.5);
        ReferenceNetwork network = new ReferenceNetwork(config, source);
        SequenceBatch batch = Fixtures.randomBatch(config, LossKind.MSE, LossAt.EVERY, null, 2);
        double before = network.loss(batch, InitialState.ZERO);
        source.get("weight_hh_l0")[0] += 1;
        assertEquals(before, network.loss(batch, InitialState.ZERO), 0, "the constructor copied");
        network.parameters().get("weight_hh_l0")[0] += 1;
        assertNotEquals(before, network.loss(batch, InitialState.ZERO), "parameters() is live");
        assertThrows(UnsupportedOperationException.class, () -> network.parameters().put("readout.bias", new double[2]));
    }

    @Test
    void ofWidensFloatParametersByName() {
        NetworkConfig config = Fixtures.config(CellType.GRU, 2, LossKind.CROSS_ENTROPY);
        List<Parameter> floats = new ArrayList<>();
        Random random = new Random(3);
        for (var entry : ReferenceNetwork.shapes(config).entrySet()) {
            Parameter parameter = new Parameter(entry.getKey(), entry.getValue());
            for (int i = 0; i < parameter.size(); i++) parameter.value()[i] = random.nextFloat() - 0.5f;
            floats.add(parameter);
        }
        ReferenceNetwork network = ReferenceNetwork.of(config, floats);
        for (Parameter parameter : floats) {
            double[] widened = new double[parameter.size()];
            for (int i = 0; i < widened.length; i++) widened[i] = parameter.value()[i];
            assertArrayEquals(widened, network.parameters().get(parameter.name()), 0, parameter.name());
        }
    }

    @Test
    void missingUnknownOrMisshapenParametersAreRejected() {
        NetworkConfig config = Fixtures.config(CellType.RNN_TANH, 1, LossKind.MSE);
        Map<String, double[]> missing = Fixtures.randomParameters(config, 1, 0.5);
        missing.remove("bias_hh_l0");
        assertThrows(IllegalArgumentException.class, () -> new ReferenceNetwork(config, missing));
        Map<String, double[]> unknown = Fixtures.randomParameters(config, 1, 0.5);
        unknown.put("weight_ih_l1", new double[1]);
        assertThrows(IllegalArgumentException.class, () -> new ReferenceNetwork(config, unknown));
        Map<String, double[]> misshapen = Fixtures.randomParameters(config, 1, 0.5);
        misshapen.put("readout.bias", new double[3]);
        assertThrows(IllegalArgumentException.class, () -> new ReferenceNetwork(config, misshapen));
    }

    @Test
    void resultArraysHaveTheDocumentedShapes() {
        NetworkConfig config = Fixtures.config(CellType.GRU, 2, LossKind.MSE);
        ReferenceNetwork.Result r = Fixtures.randomNetwork(config, 1)
                .run(Fixtures.randomBatch(config, LossKind.MSE, LossAt.EVERY, Fixtures.MIXED_LENGTHS, 2), InitialState.ZERO);
        int l = 2, b = Fixtures.BATCH, t = Fixtures.STEPS, h = Fixtures.HIDDEN, gh = 3 * h;
        assertShape(r.outputs(), b, t, Fixtures.REGRESSION_OUTPUTS);
        for (double[][][][] perLayer : List.of(r.hidden(), r.dHidden())) {
            assertEquals(l, perLayer.length);
            for (double[][][] layer : perLayer) assertShape(layer, b, t + 1, h);
        }
        for (double[][][][] perLayer : List.of(r.gates(), r.dPreInput(), r.dPreHidden())) {
            assertEquals(l, perLayer.length);
            for (double[][][] layer : perLayer) assertShape(layer, b, t, gh);
        }
        assertNull(r.cell());
        assertNull(r.dCell());
    }

    @Test
    void resultRowsShareNoStorage() {
        // Padded states repeat h_n's values; a caller writing into one row must not change another.
        NetworkConfig config = Fixtures.config(CellType.LSTM, 2, LossKind.MSE);
        ReferenceNetwork network = Fixtures.randomNetwork(config, 1);
        ReferenceNetwork.Result r = network.run(
                Fixtures.randomBatch(config, LossKind.MSE, LossAt.LAST, Fixtures.MIXED_LENGTHS, 2), InitialState.ZERO);
        Set<double[]> rows = Collections.newSetFromMap(new IdentityHashMap<>());
        int count = 0;
        for (double[][][][] perLayer : List.of(r.hidden(), r.cell(), r.dHidden(), r.dCell(), r.gates(), r.dPreInput(), r.dPreHidden()))
            for (double[][][] layer : perLayer)
                for (double[][] sequence : layer)
                    for (double[] row : sequence) {
                        rows.add(row);
                        count++;
                    }
        for (double[][] sequence : r.outputs())
            for (double[] row : sequence) {
                rows.add(row);
                count++;
            }
        for (double[] g : r.gradients().values()) {
            rows.add(g);
            count++;
        }
        for (double[] p : network.parameters().values()) {
            rows.add(p);
            count++;
        }
        assertEquals(count, rows.size());
    }

    private static void assertShape(double[][][] a, int d0, int d1, int d2) {
        assertEquals(d0, a.length);
        for (double[][] rows : a) {
            assertEquals(d1, rows.length);
            for (double[] row : rows) assertEquals(d2, row.length);
        }
    }

    @Test
    void perturbationHooksWithZeroDeltaGiveTheLossAndRejectBadIndices() {
        NetworkConfig config = Fixtures.config(CellType.LSTM, 2, LossKind.CROSS_ENTROPY);
        ReferenceNetwork network = Fixtures.randomNetwork(config, 1);
        SequenceBatch batch = Fixtures.randomBatch(config, LossKind.CROSS_ENTROPY, LossAt.EVERY, Fixtures.MIXED_LENGTHS, 2);
        double loss = network.loss(batch, InitialState.ZERO);
        assertEquals(loss, network.lossWithStatePerturbation(batch, InitialState.ZERO, 1, 2, 3, 0, 0.0), 0);
        assertEquals(loss, network.lossWithCellPerturbation(batch, InitialState.ZERO, 0, 0, 5, 3, 0.0), 0);
        assertThrows(IllegalArgumentException.class,
                () -> network.lossWithStatePerturbation(batch, InitialState.ZERO, 2, 0, 0, 0, 1e-6));
        assertThrows(IllegalArgumentException.class,
                () -> network.lossWithStatePerturbation(batch, InitialState.ZERO, 0, 0, Fixtures.STEPS + 1, 0, 1e-6));
        NetworkConfig rnn = Fixtures.config(CellType.RNN_TANH, 1, LossKind.CROSS_ENTROPY);
        assertThrows(IllegalArgumentException.class,
                () -> Fixtures.randomNetwork(rnn, 1).lossWithCellPerturbation(batch, InitialState.ZERO, 0, 0, 0, 0, 1e-6));
    }

    @Test
    void batchesWithoutTargetsOrOfTheWrongWidthAreRejected() {
        NetworkConfig config = Fixtures.config(CellType.RNN_RELU, 1, LossKind.MSE);
        ReferenceNetwork network = Fixtures.randomNetwork(config, 1);
        SequenceBatch noTargets = new SequenceBatch(2, 1, Fixtures.INPUTS, new float[2 * Fixtures.INPUTS], null, null);
        assertThrows(IllegalArgumentException.class, () -> network.run(noTargets, InitialState.ZERO));
        SequenceBatch wide = new SequenceBatch(2, 1, Fixtures.INPUTS, new float[2 * Fixtures.INPUTS], null,
                Targets.values(LossAt.LAST, new float[3], 3));
        assertThrows(IllegalArgumentException.class, () -> network.loss(wide, InitialState.ZERO));
    }
}
