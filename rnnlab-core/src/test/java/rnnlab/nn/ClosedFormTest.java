package rnnlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import rnnlab.math.Blas;

/** theory.md section 4: closed forms the float engine's per-step gradients must reproduce. */
class ClosedFormTest {
    private static final int B = 2, H = 4;

    private static RecurrentNetwork net(CellType cell, int inputs, int outputs) {
        return new RecurrentNetwork(new NetworkConfig(cell, inputs, H, 1, outputs), Blas.get());
    }

    private static SequenceBatch lastStepBatch(int steps, int inputs, float inputValue, Random rng) {
        float[] x = new float[steps * B * inputs];
        Arrays.fill(x, inputValue);
        float[] y = new float[B * H];
        for (int i = 0; i < y.length; i++) y[i] = (float) rng.nextGaussian();
        return new SequenceBatch(steps, B, inputs, x, null, Targets.values(LossAt.LAST, y, H));
    }

    private static void randomize(float[] a, Random rng, double scale) {
        for (int i = 0; i < a.length; i++) a[i] = (float) (rng.nextGaussian() * scale);
    }

    @Test
    void tanhRnnJacobianAtZeroIsW() {
        // theta = 0 (zero input, state and bias): ds_1/ds_0 = diag(1 - 0) W = W, so dL/ds_0 = W^T dL/ds_1.
        Random rng = new Random(1);
        RecurrentNetwork n = net(CellType.RNN_TANH, 1, H);
        float[] w = n.parameter("weight_hh_l0").value();
        randomize(w, rng, 0.7);
        randomize(n.parameter("readout.weight").value(), rng, 1);
        n.forward(lastStepBatch(1, 1, 0f, rng));
        n.backward();
        float[] dh = n.trace(0).dHidden();
        for (int b = 0; b < B; b++)
            for (int k = 0; k < H; k++) {
                double expected = 0;
                for (int j = 0; j < H; j++) expected += w[j * H + k] * dh[(B + b) * H + j];
                assertEquals(expected, dh[b * H + k], 1e-6, "dL/ds_0 = W^T dL/ds_1");
            }
    }

    @Test
    void linearRnnWithScaledIdentityDecaysAsAToTheLag() {
        // relu RNN kept in its linear region (positive weights, inputs, biases): s_t = a s_{t-1} + U x_t + b,
        // so ds_t/ds_{t-k} = a^k I, and with a loss at T only, dL/ds_{T-k} = a^k dL/ds_T.
        float a = 0.8f;
        int steps = 10;
        Random rng = new Random(2);
        RecurrentNetwork n = net(CellType.RNN_RELU, 2, H);
        float[] w = n.parameter("weight_hh_l0").value();
        for (int j = 0; j < H; j++) w[j * H + j] = a;
        Arrays.fill(n.parameter("weight_ih_l0").value(), 0.3f);
        Arrays.fill(n.parameter("bias_ih_l0").value(), 0.1f);
        randomize(n.parameter("readout.weight").value(), rng, 1);
        n.forward(lastStepBatch(steps, 2, 1f, rng));
        n.backward();
        LayerTrace tr = n.trace(0);
        for (int k = 0; k <= steps; k++)
            for (int b = 0; b < B; b++)
                for (int j = 0; j < H; j++) {
                    double last = tr.dHidden()[tr.stateOffset(steps, b) + j];
                    assertEquals(Math.pow(a, k) * last, tr.dHidden()[tr.stateOffset(steps - k, b) + j],
                            1e-5 * Math.abs(last), "lag " + k);
                }
    }

    @Test
    void lstmWithConstantGatesCarriesTheCellGradientAsFToTheLag() {
        // Forget gate blind to h and x (f = sigma(b_f)), input gate shut, output gate open: the indirect
        // terms of dc_t/dc_{t-1} vanish and dL/dc_{T-k} = f^k dL/dc_T.
        int steps = 12;
        Random rng = new Random(3);
        RecurrentNetwork n = net(CellType.LSTM, 2, H);
        float[] wih = n.parameter("weight_ih_l0").value(), whh = n.parameter("weight_hh_l0").value();
        randomize(wih, rng, 0.5);
        randomize(whh, rng, 0.5);
        Arrays.fill(wih, H * 2, 2 * H * 2, 0f); // forget block of W_ih
        Arrays.fill(whh, H * H, 2 * H * H, 0f); // forget block of W_hh
        float[] bias = n.parameter("bias_ih_l0").value();
        float bf = 1.5f;
        for (int j = 0; j < H; j++) {
            bias[j] = -25f;          // i: shut
            bias[H + j] = bf;        // f: constant
            bias[3 * H + j] = 25f;   // o: open
        }
        randomize(n.parameter("readout.weight").value(), rng, 1);
        float[] c0 = new float[B * H];
        randomize(c0, rng, 1);
        n.forward(lastStepBatch(steps, 2, 0.5f, rng), new InitialState(null, new float[][] {c0}));
        n.backward();
        LayerTrace tr = n.trace(0);
        double f = 1 / (1 + Math.exp(-bf));
        for (int k = 0; k <= steps; k++)
            for (int b = 0; b < B; b++)
                for (int j = 0; j < H; j++) {
                    double last = tr.dCell()[tr.stateOffset(steps, b) + j];
                    assertEquals(Math.pow(f, k) * last, tr.dCell()[tr.stateOffset(steps - k, b) + j],
                            1e-4 * Math.abs(last) + 1e-9, "lag " + k);
                }
    }
}
