package rnnlab.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import rnnlab.nn.CellType;
import rnnlab.nn.InitialState;
import rnnlab.nn.LossAt;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;

/** theory.md section 4's closed forms, as the probes report them. */
class ProbeClosedFormTest {
    private static final int B = 3, H = 5;

    /**
     * A relu RNN kept in its linear region (positive input weights, inputs and bias) with W = a·I:
     * s_t = a·s_{t−1} + U x_t + b, so ∂L/∂s_{T−k} = a^k ∂L/∂s_T.
     */
    private static RecurrentNetwork linearRnn(float a, int steps) {
        NetworkConfig config = ProbeFixtures.config(CellType.RNN_RELU, 2, H, 1, 2);
        RecurrentNetwork net = ProbeFixtures.network(config, 5, 0.5);
        float[] w = net.parameter("weight_hh_l0").value();
        Arrays.fill(w, 0f);
        for (int j = 0; j < H; j++) w[j * H + j] = a;
        Arrays.fill(net.parameter("weight_ih_l0").value(), 0.3f);
        Arrays.fill(net.parameter("bias_ih_l0").value(), 0.1f);
        Arrays.fill(net.parameter("bias_hh_l0").value(), 0f);
        return net;
    }

    @Test
    void linearRnnWithWEqualHalfIdentityHasPerLagRatioExactlyHalfToTheLag() {
        // a = 1/2: every product and norm scales by a power of two, so the ratios are exact.
        int steps = 30;
        RecurrentNetwork net = linearRnn(0.5f, steps);
        SequenceBatch batch = ProbeFixtures.constantInputBatch(steps, B, 2, 1f, 2, 11);
        GradientFlowReport r = GradientFlowProbe.of(net, batch).analyse(net, 0);
        LagCurve dh = r.norms().lastStep().hidden();
        for (int k = 0; k <= steps; k++) {
            assertEquals(Math.pow(0.5, k), dh.mean()[k] / dh.mean()[0], 0.0, "mean, lag " + k);
            for (int b = 0; b < B; b++)
                assertEquals(Math.pow(0.5, k), dh.perSequence()[b][k] / dh.perSequence()[b][0], 0.0, "sequence " + b + ", lag " + k);
            assertEquals(Math.pow(0.5, k), r.jacobians().productNorm()[k], 1e-12, "‖P_k‖, lag " + k);
            assertEquals(-k * Math.log10(2), r.jacobians().log10ProductNorm()[k], 1e-12);
        }
        for (int k = 0; k < steps; k++) assertEquals(0.5, r.jacobians().stepNorm()[k], 1e-12);
        assertEquals(1, dh.summary().halfLife());
        assertEquals(10, dh.summary().horizon()); // 2^-10 < 1e-3 < 2^-9
        assertEquals(0.5, r.bound().sigmaMax(), 1e-12);
        // For W = a·I the bound is attained: ‖∂L/∂s_{T−k}‖ = a^k ‖∂L/∂s_T‖.
        for (int k = 0; k <= steps; k++) assertEquals(dh.mean()[k], r.bound().bound()[k], 1e-12 * dh.mean()[0]);
        assertTrue(r.bound().proven());
    }

    @Test
    void linearRnnWithWEqualPointEightIdentityHasPerLagRatioAToTheLag() {
        int steps = 40;
        float a = 0.8f;
        RecurrentNetwork net = linearRnn(a, steps);
        SequenceBatch batch = ProbeFixtures.constantInputBatch(steps, B, 2, 1f, 2, 12);
        GradientFlowReport r = GradientFlowProbe.of(net, batch).analyse(net, 0);
        double[] mean = r.norms().lastStep().hidden().mean();
        for (int k = 0; k <= steps; k++) {
            assertEquals(Math.pow(a, k), mean[k] / mean[0], 1e-6 * Math.pow(a, k), "lag " + k);
            assertEquals(Math.pow(a, k), r.jacobians().productNorm()[k], 1e-9 * Math.pow(a, k), "lag " + k);
        }
        assertEquals(4, r.norms().lastStep().hidden().summary().halfLife()); // 0.8^3 = 0.512, 0.8^4 = 0.41
        assertEquals(31, r.norms().lastStep().hidden().summary().horizon()); // 0.8^30 = 1.24e-3, 0.8^31 = 9.9e-4
    }

    @Test
    void tanhRnnWithZeroInputAndStateHasStepJacobianW() {
        // theta = 0 at every step: ds_t/ds_{t-1} = diag(1 − 0) W = W, so P_k = W^k.
        int steps = 8;
        NetworkConfig config = ProbeFixtures.config(CellType.RNN_TANH, 2, H, 1, 2);
        RecurrentNetwork net = ProbeFixtures.network(config, 6, 0.6);
        Arrays.fill(net.parameter("bias_ih_l0").value(), 0f);
        Arrays.fill(net.parameter("bias_hh_l0").value(), 0f);
        SequenceBatch batch = ProbeFixtures.constantInputBatch(steps, B, 2, 0f, 2, 13);
        double[][] w = ProbeFixtures.matrix(net.parameter("weight_hh_l0").value(), H, H);

        net.forward(batch);
        for (int t = 1; t <= steps; t++)
            for (int b = 0; b < B; b++) {
                double[][] j = StepJacobians.step(net, 0, b, t);
                for (int i = 0; i < H; i++) assertArrayEquals(w[i], j[i], 0.0, "J_" + t + " row " + i);
            }

        GradientFlowReport r = GradientFlowProbe.of(net, batch).analyse(net, 0);
        double sigma = ProbeFixtures.sigmaMax(w);
        assertEquals(sigma, r.bound().sigmaMax(), 1e-9 * sigma);
        double[][] power = ProbeFixtures.identity(H);
        for (int k = 0; k <= steps; k++) {
            if (k < steps) assertEquals(sigma, r.jacobians().stepNorm()[k], 1e-5 * sigma, "‖J‖ at lag " + k);
            double expected = ProbeFixtures.sigmaMax(power);
            assertEquals(expected, r.jacobians().productNorm()[k], 1e-5 * expected, "‖W^k‖ at lag " + k);
            power = ProbeFixtures.multiply(power, w);
        }
        // The Pascanu bound holds: each lag's gradient below (σmax·1)^k times lag 0's.
        double[] dh = r.norms().lastStep().hidden().mean();
        for (int k = 0; k <= steps; k++) assertTrue(dh[k] <= r.bound().bound()[k] * (1 + 1e-6), "bound at lag " + k);
    }

    /** An LSTM whose forget gate is blind to h and x (U_f = W_f = 0), input gate shut, output gate open. */
    private static RecurrentNetwork constantGateLstm(float forgetBias, int hidden) {
        NetworkConfig config = ProbeFixtures.config(CellType.LSTM, 2, hidden, 1, 2);
        RecurrentNetwork net = ProbeFixtures.network(config, 7, 0.5);
        float[] wih = net.parameter("weight_ih_l0").value(), whh = net.parameter("weight_hh_l0").value();
        Arrays.fill(wih, hidden * 2, 2 * hidden * 2, 0f);
        Arrays.fill(whh, hidden * hidden, 2 * hidden * hidden, 0f);
        float[] bias = net.parameter("bias_ih_l0").value();
        Arrays.fill(net.parameter("bias_hh_l0").value(), 0f);
        for (int j = 0; j < hidden; j++) {
            bias[j] = -25f;            // i: shut (σ = 0 exactly in float)
            bias[hidden + j] = forgetBias;
            bias[3 * hidden + j] = 25f; // o: open (σ = 1 exactly)
        }
        return net;
    }

    private static InitialState randomCellState(int hidden, long seed) {
        float[] c0 = new float[B * hidden];
        ProbeFixtures.fill(c0, new Random(seed), 1);
        return new InitialState(null, new float[][] {c0});
    }

    @Test
    void lstmWithSaturatedGatesCarriesTheCellGradientAsFToTheLagAndTheIndirectTermsVanish() {
        int steps = 12;
        float bf = 1.5f;
        RecurrentNetwork net = constantGateLstm(bf, H);
        double f = (float) (1 / (1 + Math.exp(-bf)));
        SequenceBatch batch = ProbeFixtures.constantInputBatch(steps, B, 2, 0.5f, 2, 14);
        // The probe runs from zero states; c_0 = 0 and i = 0 keep c at 0, so test the cell path on a given c_0 too.
        GradientFlowReport r = GradientFlowProbe.of(net, batch).analyse(net, 0);
        CellPathTerms c = r.cellPath();
        for (int k = 0; k < steps; k++) {
            assertEquals(f, c.directNorm()[k], 1e-6, "direct term = f");
            assertEquals(0, c.throughForgetNorm()[k], 1e-12, "U_f = 0");
            assertEquals(0, c.throughInputNorm()[k], 1e-12, "i = 0, σ'_i = 0");
            assertEquals(0, c.throughCandidateNorm()[k], 1e-12, "i = 0");
            assertEquals(f, c.totalNorm()[k], 1e-6, "dc_t/dc_{t-1} = diag(f)");
            assertEquals(f, c.forgetGateMean()[k], 1e-6);
        }
        for (int k = 0; k <= steps; k++) {
            assertEquals(Math.pow(f, k), c.forgetProduct()[k], 1e-5 * Math.pow(f, k), "Π f, lag " + k);
            assertEquals(k * Math.log10(f), c.log10ForgetProduct()[k], 1e-5, "Σ log10 f, lag " + k);
        }
        double[] dc = r.norms().lastStep().cell().mean();
        for (int k = 0; k <= steps; k++) assertEquals(Math.pow(f, k), dc[k] / dc[0], 1e-5 * Math.pow(f, k), "∂L/∂c ratio, lag " + k);

        // The same through the step Jacobians from a nonzero c_0: the c→c block of P_k is f^k·I.
        net.forward(batch, randomCellState(H, 15));
        for (int b = 0; b < B; b++) {
            double[][] p = ProbeFixtures.identity(2 * H);
            for (int k = 1; k <= steps; k++) {
                p = ProbeFixtures.multiply(p, StepJacobians.step(net, 0, b, steps - k + 1));
                for (int i = 0; i < H; i++)
                    for (int j = 0; j < H; j++)
                        assertEquals(i == j ? Math.pow(f, k) : 0, p[H + i][H + j], 1e-6 * Math.pow(f, k), "∂c_T/∂c_{T−" + k + "}");
            }
        }
    }

    @Test
    void lstmWithAllGatesSaturatedKeepsTheCellGradientExactly() {
        // f = 1, i = 0, o = 1 exactly: dc_t/dc_{t−1} = I and every indirect term is exactly 0.
        int steps = 20;
        RecurrentNetwork net = constantGateLstm(25f, H);
        float[] whh = net.parameter("weight_hh_l0").value();
        ProbeFixtures.fill(whh, new Random(16), 0.5); // even with U_f ≠ 0: σ'_f = 0
        SequenceBatch batch = ProbeFixtures.constantInputBatch(steps, B, 2, 0.5f, 2, 17);
        GradientFlowReport r = GradientFlowProbe.of(net, batch).analyse(net, 0);
        double[] dc = r.norms().lastStep().cell().mean();
        for (int k = 0; k <= steps; k++) assertEquals(1.0, dc[k] / dc[0], 0.0, "lag " + k);
        CellPathTerms c = r.cellPath();
        for (int k = 0; k < steps; k++) {
            assertEquals(1.0, c.directNorm()[k], 0.0);
            assertEquals(0.0, c.throughForgetNorm()[k] + c.throughInputNorm()[k] + c.throughCandidateNorm()[k], 0.0);
        }
        assertEquals(-1, r.norms().lastStep().cell().summary().horizon());
        assertEquals("beyond T", r.norms().lastStep().cell().summary().horizonText());
    }

    @Test
    void lastStepAndTotalLossCoincideForALastStepTask() {
        NetworkConfig config = ProbeFixtures.config(CellType.GRU, 2, H, 1, 2);
        RecurrentNetwork net = ProbeFixtures.network(config, 8, 0.5);
        SequenceBatch batch = ProbeFixtures.batch(config, 6, B, rnnlab.nn.LossKind.MSE, LossAt.LAST, null, 18);
        GradientNorms n = GradientFlowProbe.of(net, batch).gradientNorms(net, 3);
        assertTrue(n.lastStepIsTotal());
        assertTrue(n.lastStep() == n.total());
        assertEquals(3, n.step());

        SequenceBatch every = ProbeFixtures.batch(config, 6, B, rnnlab.nn.LossKind.MSE, LossAt.EVERY, null, 18);
        GradientFlowProbe probe = GradientFlowProbe.of(net, every);
        GradientNorms m = probe.gradientNorms(net, 4);
        assertTrue(!m.lastStepIsTotal());
        assertEquals(LossAt.LAST, m.lastStep().at());
        assertEquals(LossAt.EVERY, m.total().at());
        // The last-step targets are each sequence's target at its last step.
        Targets t = probe.lastStepBatch().targets();
        for (int b = 0; b < B; b++)
            for (int o = 0; o < 2; o++) assertEquals(every.targets().values()[((6 - 1) * B + b) * 2 + o], t.values()[b * 2 + o]);
    }
}
