package rnnlab.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import rnnlab.nn.CellType;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;

/**
 * The probe's norms of step Jacobians and of their products against products formed here in
 * double from {@link StepJacobians#step} and σmax by Jacobi eigenvalues (no power iteration).
 */
class JacobianSpectraTest {
    private static final int T = 9, B = 4, I = 3, H = 5, O = 2;

    @ParameterizedTest
    @EnumSource(CellType.class)
    void normsOfStepsAndProductsMatchDirectComputation(CellType cell) {
        NetworkConfig config = ProbeFixtures.config(cell, I, H, 1, O);
        RecurrentNetwork net = ProbeFixtures.network(config, 800 + cell.ordinal(), 0.9);
        int[] lengths = {T, 4, 0, T};
        SequenceBatch batch = ProbeFixtures.batch(config, T, B, LossKind.MSE, LossAt.LAST, lengths, 801);
        ProbeSettings tight = ProbeSettings.defaults().withJacobianSequences(3).withPowerIteration(1e-13, 100_000);
        GradientFlowReport r = GradientFlowProbe.of(net, batch, tight).analyse(net, 0);
        GradientFlowReport loose = GradientFlowProbe.of(net, batch, ProbeSettings.defaults().withJacobianSequences(3)).analyse(net, 0);
        JacobianSpectra j = r.jacobians();
        assertArrayEquals(new int[] {0, 1, 3}, j.sequences(), "the first three of nonzero length");
        assertEquals(0, j.unconverged());

        net.forward(batch);
        int n = cell.hasCellState() ? 2 * H : H;
        assertEquals(n, j.stateSize());
        for (int s = 0; s < 3; s++) {
            int b = j.sequences()[s], len = lengths[b];
            double[][] p = ProbeFixtures.identity(n);
            for (int k = 0; k <= T; k++) {
                if (k > len) {
                    assertTrue(Double.isNaN(j.log10ProductNormPerSequence()[s][k]));
                    if (k < T) assertTrue(Double.isNaN(j.stepNormPerSequence()[s][k]));
                    continue;
                }
                double expected = Math.log10(ProbeFixtures.sigmaMax(p));
                // The products are float32 (renormalised every lag), their norms double: 1e-6 in log10 is 2.3e-6 relative.
                assertEquals(expected, j.log10ProductNormPerSequence()[s][k], 1e-6, "log10 ‖P_" + k + "‖, sequence " + b);
                assertEquals(expected, loose.jacobians().log10ProductNormPerSequence()[s][k], 1e-4, "default tolerance");
                if (k == len) break;
                double[][] step = StepJacobians.step(net, 0, b, len - k);
                double sigma = ProbeFixtures.sigmaMax(step);
                assertEquals(sigma, j.stepNormPerSequence()[s][k], 1e-9 * sigma, "‖J‖ at lag " + k);
                p = ProbeFixtures.multiply(p, step);
            }
        }
        // Means over the sequences that reach each lag.
        for (int k = 0; k <= T; k++) {
            double sum = 0;
            int count = 0;
            for (int s = 0; s < 3; s++) {
                double v = j.log10ProductNormPerSequence()[s][k];
                if (!Double.isNaN(v)) { sum += v; count++; }
            }
            assertEquals(sum / count, j.log10ProductNorm()[k], 1e-12);
        }
        double[][] w = ProbeFixtures.matrix(net.parameter("weight_hh_l0").value(), cell.gates() * H, H);
        assertEquals(ProbeFixtures.sigmaMax(w), r.bound().sigmaMax(), 1e-8);
        for (int g = 0; g < cell.gates(); g++)
            assertEquals(ProbeFixtures.sigmaMax(java.util.Arrays.copyOfRange(w, g * H, (g + 1) * H)), r.bound().sigmaMaxBlocks()[g], 1e-8);
    }
}
