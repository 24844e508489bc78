package rnnlab.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import rnnlab.nn.CellType;
import rnnlab.nn.InitialState;
import rnnlab.nn.LayerTrace;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;
import rnnlab.reference.ReferenceNetwork;

/**
 * The probes against central finite differences of the double-precision reference: per-lag
 * norms against perturbations of h_k and c_k, step Jacobians against perturbations of the state
 * before a step, and the LSTM's four-term dc_t/dc_{t−1} against a perturbation of c_{t−1}.
 */
class ProbeAgainstReferenceTest {
    private static final int T = 6, B = 3, I = 3, H = 4, O = 2;
    private static final double STEP = 1e-5;

    static Stream<Arguments> normCases() {
        return ProbeFixtures.cellLayerLossCases(CellType.RNN_TANH, CellType.LSTM, CellType.GRU);
    }

    @ParameterizedTest(name = "{0} layers={1} probed={2} {3} mixed={4}")
    @MethodSource("normCases")
    void perLagNormsEqualFiniteDifferencesOfTheReferenceLoss(CellType cell, int layers, int layer, LossAt at, boolean mixed) {
        NetworkConfig config = ProbeFixtures.config(cell, I, H, layers, O);
        RecurrentNetwork net = ProbeFixtures.network(config, 100 + cell.ordinal() * 10 + layers, 0.6);
        int[] lengths = mixed ? new int[] {T, 0, 3} : null;
        SequenceBatch batch = ProbeFixtures.batch(config, T, B, LossKind.MSE, at, lengths, 200 + layer);
        GradientFlowProbe probe = GradientFlowProbe.of(net, batch, ProbeSettings.defaults().withLayer(layer));
        GradientNorms norms = probe.gradientNorms(net, 0);
        ReferenceNetwork ref = ReferenceNetwork.of(config, net.parameters());

        check(norms.lastStep().hidden(), probe.lastStepBatch(), ref, layer, false, "dh last");
        check(norms.total().hidden(), probe.probeBatch(), ref, layer, false, "dh total");
        if (cell.hasCellState()) {
            check(norms.lastStep().cell(), probe.lastStepBatch(), ref, layer, true, "dc last");
            check(norms.total().cell(), probe.probeBatch(), ref, layer, true, "dc total");
        }
    }

    private static void check(LagCurve curve, SequenceBatch batch, ReferenceNetwork ref, int layer, boolean cell, String what) {
        double scale = 0;
        for (double[] row : curve.perSequence()) for (double v : row) if (!Double.isNaN(v)) scale = Math.max(scale, v);
        assertTrue(scale > 0, what + ": some gradient");
        for (int b = 0; b < B; b++) {
            int len = batch.length(b);
            for (int k = 0; k <= T; k++) {
                double actual = curve.perSequence()[b][k];
                if (len == 0 || k > len) {
                    assertTrue(Double.isNaN(actual), what + ": NaN past the sequence");
                    continue;
                }
                int t = len - k, seq = b;
                double s = 0;
                for (int j = 0; j < H; j++) {
                    int unit = j;
                    double g = central(d -> cell
                            ? ref.lossWithCellPerturbation(batch, InitialState.ZERO, layer, seq, t, unit, d)
                            : ref.lossWithStatePerturbation(batch, InitialState.ZERO, layer, seq, t, unit, d));
                    s += g * g;
                }
                double expected = Math.sqrt(s) * B; // the gradient of sequence b's own loss
                if (Math.abs(actual - expected) > 1e-4 * expected + 1e-6 * scale)
                    fail(what + ", sequence " + b + ", lag " + k + ": probe " + actual + ", finite difference " + expected);
            }
        }
        for (int k = 0; k <= T; k++) {
            double sum = 0;
            int n = 0;
            for (int b = 0; b < B; b++) if (!Double.isNaN(curve.perSequence()[b][k])) { sum += curve.perSequence()[b][k]; n++; }
            assertEquals(n, curve.sequencesAtLag()[k]);
            if (n > 0) assertEquals(sum / n, curve.mean()[k], 1e-15 * sum);
        }
    }

    private static double central(DoubleUnaryOperator loss) {
        return (loss.applyAsDouble(STEP) - loss.applyAsDouble(-STEP)) / (2 * STEP);
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"RNN_TANH", "LSTM", "LSTM_NO_FORGET", "GRU"})
    void stepJacobiansEqualFiniteDifferencesThroughTheReference(CellType cell) {
        // Step t from the engine's state at t−1: a one-step reference batch with that state as its
        // initial state and x_t as its input; perturb one unit of the state and read the new state.
        NetworkConfig config = ProbeFixtures.config(cell, I, H, 1, O);
        RecurrentNetwork net = ProbeFixtures.network(config, 300 + cell.ordinal(), 0.8);
        SequenceBatch batch = ProbeFixtures.batch(config, T, B, LossKind.MSE, LossAt.LAST, null, 301);
        net.forward(batch);
        LayerTrace tr = net.trace(0);
        ReferenceNetwork ref = ReferenceNetwork.of(config, net.parameters());
        boolean lstm = cell.hasCellState();
        int n = lstm ? 2 * H : H;
        double delta = 1.0 / 1024;
        for (int t = 1; t <= T; t++) {
            SequenceBatch one = batch.window(t - 1, t);
            one = new SequenceBatch(1, B, I, one.x(), null, Targets.values(LossAt.LAST, new float[B * O], O));
            for (int b = 0; b < B; b++) {
                double[][] jac = StepJacobians.step(net, 0, b, t);
                for (int col = 0; col < n; col++) {
                    float[] h0 = slice(tr.hidden(), tr.stateOffset(t - 1, 0), B * H);
                    float[] c0 = lstm ? slice(tr.cell(), tr.stateOffset(t - 1, 0), B * H) : null;
                    float[] target = col < H ? h0 : c0;
                    int at = b * H + col % H;
                    float base = target[at];
                    float up = (float) (base + delta), down = (float) (base - delta);
                    target[at] = up;
                    double[] plus = stateAfter(ref, one, h0, c0, b);
                    target[at] = down;
                    double[] minus = stateAfter(ref, one, h0, c0, b);
                    double span = (double) up - (double) down; // the perturbation float really made
                    for (int row = 0; row < n; row++) {
                        double fd = (plus[row] - minus[row]) / span;
                        if (Math.abs(fd - jac[row][col]) > 2e-5 * (1 + Math.abs(fd)))
                            fail(cell + " J_" + t + " sequence " + b + " [" + row + "][" + col + "]: " + jac[row][col] + " vs " + fd);
                    }
                }
            }
        }
    }

    /** Sequence b's state (h, then c for the LSTM) after the one step, from the given initial state. */
    private static double[] stateAfter(ReferenceNetwork ref, SequenceBatch one, float[] h0, float[] c0, int b) {
        ReferenceNetwork.Result r = ref.run(one, new InitialState(new float[][] {h0}, c0 == null ? null : new float[][] {c0}));
        double[] h = r.hidden()[0][b][1];
        if (c0 == null) return h;
        double[] c = r.cell()[0][b][1];
        double[] both = new double[2 * H];
        System.arraycopy(h, 0, both, 0, H);
        System.arraycopy(c, 0, both, H, H);
        return both;
    }

    private static float[] slice(float[] a, int from, int n) {
        return java.util.Arrays.copyOfRange(a, from, from + n);
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"RNN_TANH", "LSTM", "LSTM_NO_FORGET", "GRU"})
    void jacobianProductsCarryTheEnginesGradientBack(CellType cell) {
        // Top layer of two, loss at the last step: the only path from state_{T−k} to the loss is
        // through state_T, so g_{T−k} = P_kᵀ g_T with g = (∂L/∂h, ∂L/∂c with h held) = the engine's
        // dHidden and (LSTM) its dCell before the path through h is added.
        NetworkConfig config = ProbeFixtures.config(cell, I, H, 2, O);
        RecurrentNetwork net = ProbeFixtures.network(config, 400 + cell.ordinal(), 0.7);
        SequenceBatch batch = ProbeFixtures.batch(config, T, B, LossKind.MSE, LossAt.LAST, null, 401);
        net.forward(batch);
        net.backward();
        LayerTrace tr = net.trace(1);
        boolean lstm = cell.hasCellState();
        int n = lstm ? 2 * H : H;
        for (int b = 0; b < B; b++) {
            double[] gT = partialGradient(tr, T, b, lstm);
            double[][] p = ProbeFixtures.identity(n);
            for (int k = 0; k <= T; k++) {
                double[] expected = partialGradient(tr, T - k, b, lstm);
                double scale = 1e-12;
                for (double v : gT) scale = Math.max(scale, Math.abs(v));
                for (int j = 0; j < n; j++) {
                    double got = 0;
                    for (int i = 0; i < n; i++) got += p[i][j] * gT[i];
                    assertEquals(expected[j], got, 1e-5 * scale, cell + " sequence " + b + " lag " + k + " component " + j);
                }
                if (k < T) p = ProbeFixtures.multiply(p, StepJacobians.step(net, 1, b, T - k));
            }
        }
    }

    /** (∂L/∂h_t, ∂L/∂c_t with h_t held) from the engine's trace; the c part is dCell_t minus its h path. */
    private static double[] partialGradient(LayerTrace tr, int t, int b, boolean lstm) {
        int h = tr.hiddenSize(), off = tr.stateOffset(t, b);
        double[] g = new double[lstm ? 2 * h : h];
        for (int j = 0; j < h; j++) g[j] = tr.dHidden()[off + j];
        if (lstm) {
            for (int j = 0; j < h; j++) {
                double c = tr.dCell()[off + j];
                if (t >= 1) {
                    double o = tr.gates()[tr.gateOffset(t, b) + 3 * h + j], tc = Math.tanh(tr.cell()[off + j]);
                    c -= tr.dHidden()[off + j] * o * (1 - tc * tc);
                }
                g[h + j] = c;
            }
        }
        return g;
    }

    @org.junit.jupiter.api.Test
    void fourTermsOfTheCellPathSumToTheTotalDerivative() {
        NetworkConfig config = ProbeFixtures.config(CellType.LSTM, I, H, 1, O);
        RecurrentNetwork net = ProbeFixtures.network(config, 500, 0.9);
        SequenceBatch batch = ProbeFixtures.batch(config, T, B, LossKind.MSE, LossAt.LAST, null, 501);
        net.forward(batch);
        net.backward();
        LayerTrace tr = net.trace(0);
        ReferenceNetwork ref = ReferenceNetwork.of(config, net.parameters());
        double[][] uo = ProbeFixtures.matrix(net.parameter("weight_hh_l0").value(), 4 * H, H);
        for (int b = 0; b < B; b++)
            for (int t = 1; t <= T; t++) {
                double[][][] terms = StepJacobians.cellPathTerms(net, 0, b, t);
                double[][] jac = StepJacobians.step(net, 0, b, t);
                double[][] sum = new double[H][H];
                for (double[][] term : terms) for (int i = 0; i < H; i++) for (int j = 0; j < H; j++) sum[i][j] += term[i][j];
                // d = ∂h_{t−1}/∂c_{t−1} with o_{t−1} held: o_{t−1}·tanh'(c_{t−1}); zero at t = 1 (h_0 is given).
                double[] d = new double[H];
                for (int j = 0; j < H && t >= 2; j++) {
                    double o = tr.gates()[tr.gateOffset(t - 1, b) + 3 * H + j], tc = Math.tanh(tr.cell()[tr.stateOffset(t - 1, b) + j]);
                    d[j] = o * (1 - tc * tc);
                }
                for (int i = 0; i < H; i++)
                    for (int j = 0; j < H; j++)
                        assertEquals(jac[H + i][H + j] + jac[H + i][j] * d[j], sum[i][j], 1e-12, "sum = J_cc + J_ch·diag(d)");
                if (t < 2) continue;
                // Against the reference: perturbing c_{t−1} (h_{t−1} = o·tanh(c) moving with it) changes L by
                // Σ_i M_t[i][j]·dL/dc_t[i] + d_j·(U_oᵀ δo_t)_j, δo_t the output gate's pre-activation gradient.
                for (int j = 0; j < H; j++) {
                    double expected = 0;
                    for (int i = 0; i < H; i++) {
                        expected += sum[i][j] * tr.dCell()[tr.stateOffset(t, b) + i];
                        expected += d[j] * uo[3 * H + i][j] * tr.dPreInput()[tr.dPreOffset(t, b) + 3 * H + i];
                    }
                    int seq = b, prev = t - 1, unit = j;
                    double fd = central(x -> ref.lossWithCellPerturbation(batch, InitialState.ZERO, 0, seq, prev, unit, x));
                    assertEquals(fd, expected, 1e-4 * Math.abs(fd) + 1e-7, "sequence " + b + " t " + t + " unit " + j);
                }
            }
    }
}
