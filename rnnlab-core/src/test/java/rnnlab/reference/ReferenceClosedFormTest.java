package rnnlab.reference;

import org.junit.jupiter.api.Test;
import rnnlab.nn.CellType;
import rnnlab.nn.InitialState;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The closed forms of theory.md section 4, held against the reference. */
class ReferenceClosedFormTest {
    private static final int I = Fixtures.INPUTS, H = Fixtures.HIDDEN, O = 2;

    // ---- linear RNN: ds_t/ds_{t-k} = a^k I ---------------------------------------------------

    private static final double A = 0.8;

    /**
     * A relu RNN with W = a·I and positive U, b, inputs and initial state: every pre-activation
     * is positive, so relu is the identity and s_t = a s_{t−1} + U x_t + b, a linear RNN.
     */
    private static ReferenceNetwork linearRnn(NetworkConfig config) {
        Random random = new Random(5);
        Map<String, double[]> p = Fixtures.randomParameters(config, 5, 0.5);
        for (int i = 0; i < p.get("weight_ih_l0").length; i++) p.get("weight_ih_l0")[i] = 0.1 + 0.4 * random.nextDouble();
        Arrays.fill(p.get("weight_hh_l0"), 0);
        for (int j = 0; j < H; j++) p.get("weight_hh_l0")[j * H + j] = A;
        Arrays.fill(p.get("bias_ih_l0"), 0.1);
        Arrays.fill(p.get("bias_hh_l0"), 0.05);
        return new ReferenceNetwork(config, p);
    }

    private static SequenceBatch positiveBatch(int steps, int batch, LossAt at) {
        Random random = new Random(6);
        float[] x = new float[steps * batch * I];
        for (int i = 0; i < x.length; i++) x[i] = (float) (0.1 + 0.9 * random.nextDouble());
        int rows = at == LossAt.LAST ? batch : steps * batch;
        return new SequenceBatch(steps, batch, I, x, null, Targets.values(at, Fixtures.uniform(random, rows * O, 1), O));
    }

    private static InitialState uniformInitialState(int batch, float value) {
        float[] h0 = new float[batch * H];
        Arrays.fill(h0, value);
        return new InitialState(new float[][] {h0}, null);
    }

    @Test
    void linearRnnStateJacobianOverLagKIsAToTheK() {
        NetworkConfig config = new NetworkConfig(CellType.RNN_RELU, I, H, 1, O);
        ReferenceNetwork network = linearRnn(config);
        SequenceBatch batch = positiveBatch(5, 1, LossAt.LAST);
        float base = 0.25f, delta = 0x1p-6f;  // exact in float: the difference below is exactly 2·delta
        for (int j = 0; j < H; j++) {
            InitialState plus = uniformInitialState(1, base), minus = uniformInitialState(1, base);
            plus.hidden(0)[j] += delta;
            minus.hidden(0)[j] -= delta;
            double[][] sPlus = network.run(batch, plus).hidden()[0][0], sMinus = network.run(batch, minus).hidden()[0][0];
            for (int k = 0; k <= batch.steps(); k++)
                for (int i = 0; i < H; i++) {
                    double jacobian = (sPlus[k][i] - sMinus[k][i]) / (2 * delta);
                    assertEquals(i == j ? Math.pow(A, k) : 0, jacobian, 1e-13, "ds_" + k + "/ds_0 [" + i + ", " + j + "]");
                }
        }
    }

    @Test
    void linearRnnGradientAtLagKIsAToTheKTimesTheLastOne() {
        NetworkConfig config = new NetworkConfig(CellType.RNN_RELU, I, H, 1, O);
        ReferenceNetwork network = linearRnn(config);
        SequenceBatch batch = positiveBatch(5, 2, LossAt.LAST);
        InitialState initial = uniformInitialState(2, 0.25f);
        ReferenceNetwork.Result result = network.run(batch, initial);
        int last = batch.steps();
        for (int b = 0; b < batch.batch(); b++)
            for (int k = 0; k <= last; k++)
                for (int j = 0; j < H; j++) {
                    double expected = Math.pow(A, k) * result.dHidden()[0][b][last][j];
                    assertEquals(expected, result.dHidden()[0][b][last - k][j], 1e-15, "BPTT dL/dh at lag " + k);
                    int seq = b, t = last - k, unit = j;
                    double measured = FiniteDifferences.central(
                            d -> network.lossWithStatePerturbation(batch, initial, 0, seq, t, unit, d));
                    assertEquals(expected, measured, 1e-10, "finite-difference dL/dh at lag " + k);
                }
    }

    // ---- tanh RNN at theta = 0: the Jacobian is W ---------------------------------------------

    private static ReferenceNetwork tanhRnnWithZeroBiases() {
        NetworkConfig config = new NetworkConfig(CellType.RNN_TANH, I, H, 1, O);
        Map<String, double[]> p = Fixtures.randomParameters(config, 8, 0.5);
        Arrays.fill(p.get("bias_ih_l0"), 0);
        Arrays.fill(p.get("bias_hh_l0"), 0);
        return new ReferenceNetwork(config, p);
    }

    /** ds_1/ds_0 by central differences of the forward pass around s_0 = {@code around}, x = {@code x}. */
    private static double[][] stepJacobian(ReferenceNetwork network, float[] x, float[] around) {
        SequenceBatch batch = new SequenceBatch(1, 1, I, x, null, Targets.values(LossAt.LAST, new float[O], O));
        float delta = 0x1p-20f;
        double[][] jacobian = new double[H][H];
        for (int j = 0; j < H; j++) {
            float[] plus = around.clone(), minus = around.clone();
            plus[j] += delta;
            minus[j] -= delta;
            double step = (double) plus[j] - minus[j];  // the float sums may round: divide by what was added
            double[] sPlus = network.run(batch, new InitialState(new float[][] {plus}, null)).hidden()[0][0][1];
            double[] sMinus = network.run(batch, new InitialState(new float[][] {minus}, null)).hidden()[0][0][1];
            for (int i = 0; i < H; i++) jacobian[i][j] = (sPlus[i] - sMinus[i]) / step;
        }
        return jacobian;
    }

    @Test
    void tanhRnnStepJacobianAtZeroInputAndStateIsW() {
        ReferenceNetwork network = tanhRnnWithZeroBiases();
        double[] w = network.parameters().get("weight_hh_l0");
        double[][] jacobian = stepJacobian(network, new float[I], new float[H]);
        for (int i = 0; i < H; i++)
            for (int j = 0; j < H; j++) assertEquals(w[i * H + j], jacobian[i][j], 1e-10, "ds_1/ds_0 [" + i + ", " + j + "]");
    }

    @Test
    void tanhRnnStepJacobianIsDiagTanhPrimeTimesW() {
        ReferenceNetwork network = tanhRnnWithZeroBiases();
        double[] w = network.parameters().get("weight_hh_l0");
        Random random = new Random(9);
        float[] x = Fixtures.uniform(random, I, 1), s0 = Fixtures.uniform(random, H, 0.5);
        SequenceBatch batch = new SequenceBatch(1, 1, I, x, null, Targets.values(LossAt.LAST, new float[O], O));
        double[] s1 = network.run(batch, new InitialState(new float[][] {s0}, null)).hidden()[0][0][1];
        double[][] jacobian = stepJacobian(network, x, s0);
        for (int i = 0; i < H; i++)
            for (int j = 0; j < H; j++)
                assertEquals((1 - s1[i] * s1[i]) * w[i * H + j], jacobian[i][j], 1e-9, "ds_1/ds_0 [" + i + ", " + j + "]");
    }

    @Test
    void tanhRnnBackwardAtZeroMultipliesByWTransposed() {
        ReferenceNetwork network = tanhRnnWithZeroBiases();
        double[] w = network.parameters().get("weight_hh_l0");
        float[] target = {0.7f, -0.4f};  // a nonzero target, so that dL/ds_1 is not zero
        SequenceBatch batch = new SequenceBatch(1, 1, I, new float[I], null, Targets.values(LossAt.LAST, target, O));
        ReferenceNetwork.Result result = network.run(batch, InitialState.ZERO);
        double[] ds1 = result.dHidden()[0][0][1], ds0 = result.dHidden()[0][0][0];
        for (int j = 0; j < H; j++) {
            double expected = 0;
            for (int i = 0; i < H; i++) expected += w[i * H + j] * ds1[i];
            assertEquals(expected, ds0[j], 1e-15, "dL/ds_0 = W^T dL/ds_1");
        }
    }

    // ---- LSTM with constant gates: dc_t/dc_{t-k} -> prod f --------------------------------------

    private static final int INPUT_GATE = 0, FORGET_GATE = 1, OUTPUT_GATE = 3;
    private static final double FORGET_BIAS = 1.0, SATURATED = 25;

    /**
     * An LSTM whose only path from c_{t−1} to c_t is the forget gate: U_f = 0 (f_t does not see
     * h_{t−1}), the input gate shut (b_i = −25, i ≈ 1e-11) and the output gate open
     * (b_o = +25, σ' ≈ 1e-11), so the indirect terms of theory.md's dc_t/dc_{t−1} vanish.
     * With {@code forgetFromInput} false, W_f = 0 as well and f_t = σ(b_f) at every step.
     */
    private static ReferenceNetwork constantGateLstm(NetworkConfig config, boolean saturate, boolean forgetFromInput) {
        Map<String, double[]> p = Fixtures.randomParameters(config, 11, 0.5);
        zeroBlockRows(p.get("weight_hh_l0"), FORGET_GATE, H);
        if (!forgetFromInput) zeroBlockRows(p.get("weight_ih_l0"), FORGET_GATE, I);
        double[] biasIh = p.get("bias_ih_l0"), biasHh = p.get("bias_hh_l0");
        for (int j = 0; j < H; j++) {
            biasHh[FORGET_GATE * H + j] = 0;
            biasIh[FORGET_GATE * H + j] = FORGET_BIAS;
            if (!saturate) continue;
            biasHh[INPUT_GATE * H + j] = biasHh[OUTPUT_GATE * H + j] = 0;
            biasIh[INPUT_GATE * H + j] = -SATURATED;
            biasIh[OUTPUT_GATE * H + j] = SATURATED;
        }
        return new ReferenceNetwork(config, p);
    }

    private static void zeroBlockRows(double[] weight, int block, int cols) {
        Arrays.fill(weight, block * H * cols, (block + 1) * H * cols, 0);
    }

    /** Largest |∂L/∂c_{T−k} − (Π_{j=T−k+1..T} f_j) ∂L/∂c_T| relative to |∂L/∂c_{T−k}|, over b, k, units. */
    private static double worstDeviationFromForgetProduct(ReferenceNetwork.Result result, int steps) {
        double worst = 0;
        for (int b = 0; b < result.dCell()[0].length; b++)
            for (int j = 0; j < H; j++) {
                double product = 1;
                for (int t = steps; t >= 1; t--) {
                    product *= result.gates()[0][b][t - 1][FORGET_GATE * H + j];  // f_t sits in step row t−1
                    double expected = product * result.dCell()[0][b][steps][j];
                    double actual = result.dCell()[0][b][t - 1][j];
                    worst = Math.max(worst, Math.abs(actual - expected) / Math.abs(expected));
                }
            }
        return worst;
    }

    @Test
    void lstmCellGradientAtLagKIsTheProductOfForgetGatesWhenGatesSaturate() {
        NetworkConfig config = new NetworkConfig(CellType.LSTM, I, H, 1, O);
        SequenceBatch batch = Fixtures.randomBatch(config, LossKind.MSE, LossAt.LAST, null, 12);
        InitialState initial = Fixtures.randomInitialState(config, batch.batch(), 13);
        ReferenceNetwork.Result result = constantGateLstm(config, true, true).run(batch, initial);
        assertTrue(worstDeviationFromForgetProduct(result, batch.steps()) < 1e-9);
    }

    @Test
    void lstmCellGradientAtLagKIsFToTheKWithAConstantForgetGate() {
        NetworkConfig config = new NetworkConfig(CellType.LSTM, I, H, 1, O);
        SequenceBatch batch = Fixtures.randomBatch(config, LossKind.MSE, LossAt.LAST, null, 12);
        InitialState initial = Fixtures.randomInitialState(config, batch.batch(), 13);
        ReferenceNetwork network = constantGateLstm(config, true, false);
        ReferenceNetwork.Result result = network.run(batch, initial);
        double f = 1 / (1 + Math.exp(-FORGET_BIAS));
        int last = batch.steps();
        for (int b = 0; b < batch.batch(); b++)
            for (int k = 0; k <= last; k++)
                for (int j = 0; j < H; j++) {
                    double expected = Math.pow(f, k) * result.dCell()[0][b][last][j];
                    assertEquals(expected, result.dCell()[0][b][last - k][j], 1e-9 * Math.abs(expected), "BPTT dL/dc at lag " + k);
                    int seq = b, t = last - k, unit = j;
                    double measured = FiniteDifferences.central(
                            d -> network.lossWithCellPerturbation(batch, initial, 0, seq, t, unit, d));
                    FiniteDifferences.assertClose(expected, measured, "finite-difference dL/dc at lag " + k);
                }
    }

    @Test
    void lstmIndirectTermsMatterWhenGatesAreNotSaturated() {
        // The control for the two tests above: with i and o free, dc_t/dc_{t−1} is not diag(f_t).
        NetworkConfig config = new NetworkConfig(CellType.LSTM, I, H, 1, O);
        SequenceBatch batch = Fixtures.randomBatch(config, LossKind.MSE, LossAt.LAST, null, 12);
        InitialState initial = Fixtures.randomInitialState(config, batch.batch(), 13);
        ReferenceNetwork.Result result = constantGateLstm(config, false, true).run(batch, initial);
        assertTrue(worstDeviationFromForgetProduct(result, batch.steps()) > 1e-2);
    }
}
