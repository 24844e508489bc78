package rnnlab.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import rnnlab.nn.CellType;
import rnnlab.nn.InitialState;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.reference.ReferenceNetwork;

/** The terms of the BPTT sum add up to the gradient, and each is the step's outer product. */
class StepContributionsTest {
    private static final int T = 7, B = 3, I = 3, H = 4, O = 2;

    static Stream<Arguments> cases() {
        return ProbeFixtures.cellLayerLossCases(CellType.values());
    }

    @ParameterizedTest(name = "{0} layers={1} probed={2} {3} mixed={4}")
    @MethodSource("cases")
    void termsOfEveryStepSumToTheBpttGradient(CellType cell, int layers, int layer, LossAt at, boolean mixed) {
        NetworkConfig config = ProbeFixtures.config(cell, I, H, layers, O);
        RecurrentNetwork net = ProbeFixtures.network(config, 600 + cell.ordinal(), 0.6);
        SequenceBatch batch = ProbeFixtures.batch(config, T, B, LossKind.CROSS_ENTROPY, at, mixed ? new int[] {T, 2, 5} : null, 601);
        GradientFlowProbe probe = GradientFlowProbe.of(net, batch, ProbeSettings.defaults().withLayer(layer));
        int gh = cell.gates() * H, in = config.layerInputSize(layer);
        double[] sumIn = new double[gh * in], sumHid = new double[gh * H];
        StepContributions c = probe.contributionsOf(net, true, (lag, cin, chid) -> {
            for (int i = 0; i < cin.length; i++) sumIn[i] += cin[i];
            for (int i = 0; i < chid.length; i++) sumHid[i] += chid[i];
        });
        float[] gradIn = probe.network().parameter("weight_ih_l" + layer).grad();
        float[] gradHid = probe.network().parameter("weight_hh_l" + layer).grad();
        assertClose(gradIn, sumIn, "Σ_k C^U_k = ∇U");
        assertClose(gradHid, sumHid, "Σ_k C^W_k = ∇W");
        double shareIn = 0, shareHid = 0;
        for (int k = 0; k < T; k++) {
            shareIn += c.inputShare()[k];
            shareHid += c.recurrentShare()[k];
        }
        assertEquals(1, shareIn, 1e-5, "shares of ∇U");
        assertEquals(1, shareHid, 1e-5, "shares of ∇W");
        for (int k = 0; k < T; k++) {
            double s = 0;
            for (double v : c.recurrentBlockNorm()[k]) s += v * v;
            assertEquals(c.recurrentNorm()[k], Math.sqrt(s), 1e-12 * (1 + c.recurrentNorm()[k]));
        }
    }

    private static void assertClose(float[] expected, double[] actual, String what) {
        double scale = 1e-30;
        for (float v : expected) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.length; i++)
            if (Math.abs(expected[i] - actual[i]) > 1e-5 * scale)
                fail(what + ": element " + i + " gradient " + expected[i] + ", sum of terms " + actual[i]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cellsWithMixedLengths")
    void eachLagsTermIsTheStepsOuterProductInTheReference(CellType cell) {
        // Lag k sums the sequences' own steps t = T_b − k: check every lag's norms against the
        // reference's pre-activation gradients and inputs, in double.
        NetworkConfig config = ProbeFixtures.config(cell, I, H, 1, O);
        RecurrentNetwork net = ProbeFixtures.network(config, 700 + cell.ordinal(), 0.6);
        int[] lengths = {T, 0, 4};
        SequenceBatch batch = ProbeFixtures.batch(config, T, B, LossKind.MSE, LossAt.EVERY, lengths, 701);
        GradientFlowReport r = GradientFlowProbe.of(net, batch).analyse(net, 0);
        ReferenceNetwork.Result ref = ReferenceNetwork.of(config, net.parameters()).run(batch, InitialState.ZERO);
        int gh = cell.gates() * H;
        for (int k = 0; k < T; k++) {
            double[][] cin = new double[gh][I], chid = new double[gh][H];
            for (int b = 0; b < B; b++) {
                int t = lengths[b] - k;
                if (t < 1) continue;
                double[] dPreIn = ref.dPreInput()[0][b][t - 1], dPreHid = ref.dPreHidden()[0][b][t - 1];
                double[] hPrev = ref.hidden()[0][b][t - 1];
                for (int g = 0; g < gh; g++) {
                    for (int i = 0; i < I; i++) cin[g][i] += dPreIn[g] * batch.x()[((t - 1) * B + b) * I + i];
                    for (int j = 0; j < H; j++) chid[g][j] += dPreHid[g] * hPrev[j];
                }
            }
            double nIn = frobenius(cin), nHid = frobenius(chid);
            StepContributions c = r.totalContributions();
            assertEquals(nIn, c.inputNorm()[k], 1e-4 * nIn + 1e-9, "‖C^U‖ at lag " + k);
            assertEquals(nHid, c.recurrentNorm()[k], 1e-4 * nHid + 1e-9, "‖C^W‖ at lag " + k);
        }
        assertTrue(r.lastStepContributions() != r.totalContributions());
    }

    static Stream<CellType> cellsWithMixedLengths() {
        return Stream.of(CellType.RNN_TANH, CellType.LSTM, CellType.GRU);
    }

    private static double frobenius(double[][] m) {
        double s = 0;
        for (double[] row : m) for (double v : row) s += v * v;
        return Math.sqrt(s);
    }
}
