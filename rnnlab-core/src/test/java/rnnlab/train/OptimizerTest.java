package rnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import rnnlab.nn.Parameter;

/**
 * Each optimiser against PyTorch's update rules worked by hand for three steps on
 * θ0 = [1, −2, 0.5] with the gradients g1 = [0.1, −0.2, 0.3], g2 = [0.2, 0.1, −0.1],
 * g3 = [−0.3, 0.4, 0.2]. The expected values are the formulas evaluated exactly (in double; the
 * ones with many digits by a few lines of Python following torch/optim/*.py); the optimisers run
 * in float, hence the tolerance.
 */
class OptimizerTest {
    private static final float[] THETA0 = {1f, -2f, 0.5f};
    private static final float[][] GRADS = {{0.1f, -0.2f, 0.3f}, {0.2f, 0.1f, -0.1f}, {-0.3f, 0.4f, 0.2f}};
    private static final double TOLERANCE = 2e-6;

    /** θ after each of the three steps. */
    private static float[][] run(Optimizer optimizer, float learningRate) {
        Parameter p = parameter("weight_hh_l0");
        float[][] after = new float[3][];
        for (int s = 0; s < 3; s++) {
            System.arraycopy(GRADS[s], 0, p.grad(), 0, 3);
            optimizer.step(List.of(p), learningRate);
            after[s] = p.value().clone();
        }
        return after;
    }

    private static Parameter parameter(String name) {
        Parameter p = new Parameter(name, 3);
        System.arraycopy(THETA0, 0, p.value(), 0, 3);
        return p;
    }

    private static void assertSteps(double[][] expected, float[][] actual) {
        for (int s = 0; s < 3; s++)
            for (int j = 0; j < 3; j++)
                assertEquals(expected[s][j], actual[s][j], TOLERANCE, "step " + (s + 1) + ", element " + j);
    }

    private static OptimizerOptions options(String name) {
        return OptimizerOptions.defaults(name);
    }

    @Test
    void plainSgdSubtractsLearningRateTimesGradient() {
        // θ1 = θ0 − 0.1·g1; θ2 = θ1 − 0.1·g2; θ3 = θ2 − 0.1·g3
        assertSteps(new double[][] {
                {0.99, -1.98, 0.47},
                {0.97, -1.99, 0.48},
                {1.00, -2.03, 0.46}},
                run(Optimizer.create("sgd"), 0.1f));
    }

    @Test
    void sgdMomentumStartsTheBufferAtTheFirstGradient() {
        // b1 = g1 (no dampening on the first step, as PyTorch)   θ1 = θ0 − 0.1·b1
        // b2 = 0.9·b1 + g2 = [0.29, −0.08, 0.17]                  θ2 = [0.961, −1.972, 0.453]
        // b3 = 0.9·b2 + g3 = [−0.039, 0.328, 0.353]               θ3 = [0.9649, −2.0048, 0.4177]
        assertSteps(new double[][] {
                {0.99, -1.98, 0.47},
                {0.961, -1.972, 0.453},
                {0.9649, -2.0048, 0.4177}},
                run(Optimizer.create("sgd", options("sgd").withMomentum(0.9)), 0.1f));
    }

    @Test
    void sgdDampeningScalesOnlyLaterGradients() {
        // b1 = g1; b2 = 0.9·b1 + 0.5·g2 = [0.19, −0.13, 0.22]; b3 = 0.9·b2 + 0.5·g3 = [0.021, 0.083, 0.298]
        assertSteps(new double[][] {
                {0.99, -1.98, 0.47},
                {0.971, -1.967, 0.448},
                {0.9689, -1.9753, 0.4182}},
                run(Optimizer.create("sgd", options("sgd").withMomentum(0.9).withDampening(0.5)), 0.1f));
    }

    @Test
    void sgdWeightDecayAddsL2TermToGradient() {
        // g1' = g1 + 0.1·θ0 = [0.2, −0.4, 0.35]                  θ1 = [0.98, −1.96, 0.465]
        // g2' = g2 + 0.1·θ1 = [0.298, −0.096, −0.0535]           θ2 = [0.9502, −1.9504, 0.47035]
        // g3' = g3 + 0.1·θ2 = [−0.20498, 0.20496, 0.247035]      θ3 = [0.970698, −1.970896, 0.4456465]
        assertSteps(new double[][] {
                {0.98, -1.96, 0.465},
                {0.9502, -1.9504, 0.47035},
                {0.970698, -1.970896, 0.4456465}},
                run(Optimizer.create("sgd", options("sgd").withWeightDecay(0.1)), 0.1f));
    }

    @Test
    void nesterovStepsAlongGradientPlusMomentumTimesBuffer() {
        // b1 = g1; step g1 + 0.9·b1 = 1.9·g1 = [0.19, −0.38, 0.57]            θ1 = [0.981, −1.962, 0.443]
        // b2 = [0.29, −0.08, 0.17]; g2 + 0.9·b2 = [0.461, 0.028, 0.053]          θ2 = [0.9349, −1.9648, 0.4377]
        // b3 = [−0.039, 0.328, 0.353]; g3 + 0.9·b3 = [−0.3351, 0.6952, 0.5177]   θ3 = [0.96841, −2.03432, 0.38593]
        assertSteps(new double[][] {
                {0.981, -1.962, 0.443},
                {0.9349, -1.9648, 0.4377},
                {0.96841, -2.03432, 0.38593}},
                run(Optimizer.create("nesterov"), 0.1f)); // default momentum 0.9
    }

    @Test
    void nesterovWithWeightDecayDecaysBeforeTheBuffer() {
        // g1' = [0.2, −0.4, 0.35], b1 = g1', step 1.9·g1'                    θ1 = [0.962, −1.924, 0.4335]
        // g2' = g2 + 0.1·θ1 = [0.2962, −0.0924, −0.05665]; b2 = 0.9·b1 + g2' = [0.4762, −0.4524, 0.25835]
        //   step g2' + 0.9·b2 = [0.72478, −0.49956, 0.175865]                θ2 = [0.889522, −1.874044, 0.4159135]
        assertSteps(new double[][] {
                {0.962, -1.924, 0.4335},
                {0.889522, -1.874044, 0.4159135},
                {0.891048882, -1.877792764, 0.349084793}},
                run(Optimizer.create("nesterov", options("nesterov").withWeightDecay(0.1)), 0.1f));
    }

    @Test
    void adamFirstStepMovesEachElementByLearningRateAgainstItsSign() {
        // t = 1: m = 0.1·g, v = 0.001·g²; m/(1−0.9) = g, √(v/(1−0.999)) = |g|, so the step is
        // 0.1·g/(|g| + 1e-8) = 0.1·sign(g)·(1 − 1e-8/|g|): θ1 = [0.90000001, −1.900000005, 0.4000000033].
        // t = 2, element 0: m = 0.9·0.01 + 0.1·0.2 = 0.029, v = 0.999·1e-5 + 0.001·0.04 = 4.999e-5,
        //   step = 0.1/(1 − 0.81)·0.029 / (√4.999e-5/√(1 − 0.998001) + 1e-8) = 0.0965182; θ2 = 0.8034818
        assertSteps(new double[][] {
                {0.900000010, -1.900000005, 0.400000003},
                {0.803481814, -1.873366303, 0.359978148},
                {0.810141715, -1.919099480, 0.299669502}},
                run(Optimizer.create("adam"), 0.1f));
    }

    @Test
    void adamWeightDecayIsAddedToTheGradient() {
        // t = 1: g' = g1 + 0.1·θ0 = [0.2, −0.4, 0.35], the first step is still 0.1·sign(g')
        assertSteps(new double[][] {
                {0.900000005, -1.900000002, 0.400000003},
                {0.800703320, -1.818287555, 0.346537847},
                {0.769451762, -1.792570306, 0.276827052}},
                run(Optimizer.create("adam", options("adam").withWeightDecay(0.1)), 0.1f));
    }

    @Test
    void adamwDecaysTheWeightsApartFromTheGradient() {
        // t = 1: θ ← θ0·(1 − 0.1·0.1) = [0.99, −1.98, 0.495], then Adam's step 0.1·sign(g1) on the
        // unchanged gradient: θ1 = [0.89000001, −1.880000005, 0.3950000033]
        assertSteps(new double[][] {
                {0.890000010, -1.880000005, 0.395000003},
                {0.784581813, -1.834566303, 0.351028148},
                {0.783395897, -1.861953817, 0.287209220}},
                run(Optimizer.create("adamw", options("adamw").withWeightDecay(0.1)), 0.1f));
    }

    @Test
    void rmspropDividesByRootOfUncorrectedSquareAverage() {
        // s1 = 0.01·g1², √s1 = 0.1·|g1|: step = 0.01·g/(0.1·|g| + 1e-8) ≈ 0.1·sign(g) (no bias correction)
        // element 0, t = 2: s2 = 0.99·1e-4 + 0.01·0.04 = 4.99e-4, step = 0.01·0.2/(√4.99e-4 + 1e-8)
        //   = 0.0895322; θ2 = 0.8104678
        assertSteps(new double[][] {
                {0.900000100, -1.900000050, 0.400000033},
                {0.810467844, -1.944901355, 0.431766070},
                {0.890818272, -2.032375303, 0.377949144}},
                run(Optimizer.create("rmsprop"), 0.01f));
    }

    @Test
    void rmspropMomentumAccumulatesNormalisedGradients() {
        // b1 = g1/(√s1 + ε) ≈ 10·sign(g1); θ1 as without momentum.
        // element 0, t = 2: b2 = 0.9·b1 + 0.2/(√4.99e-4 + 1e-8) = 8.99999 + 8.95322 = 17.95321; θ2 = 0.72046793
        assertSteps(new double[][] {
                {0.900000100, -1.900000050, 0.400000033},
                {0.720467934, -1.854901400, 0.341766100},
                {0.639239412, -1.901786563, 0.235538634}},
                run(Optimizer.create("rmsprop", options("rmsprop").withMomentum(0.9)), 0.01f));
    }

    @Test
    void rmspropWeightDecayIsAddedToTheGradient() {
        assertSteps(new double[][] {
                {0.900000050, -1.900000025, 0.400000029},
                {0.817545804, -1.877943591, 0.416979077},
                {0.870463442, -1.924265404, 0.360331094}},
                run(Optimizer.create("rmsprop", options("rmsprop").withWeightDecay(0.1)), 0.01f));
    }

    @Test
    void adamAddsEpsOutsideTheSquareRootAfterBiasCorrection() {
        // A large ε makes its place visible. t = 1: step = 0.1·g/(|g| + 0.1):
        // element 0: 0.1·0.1/0.2 = 0.05; element 1: 0.1·0.2/0.3 = 0.0667; element 2: 0.1·0.3/0.4 = 0.075
        assertSteps(new double[][] {
                {0.95, -1.933333333, 0.425},
                {0.890872011, -1.917019165, 0.397347287},
                {0.895424925, -1.950210706, 0.356124493}},
                run(Optimizer.create("adam", options("adam").withEps(0.1)), 0.1f));
    }

    @Test
    void rmspropAddsEpsOutsideTheSquareRoot() {
        // t = 1: √s = 0.1·|g|, step = 0.01·g/(0.1·|g| + 0.1); element 0: 0.001/0.11 = 0.00909091
        assertSteps(new double[][] {
                {0.990909091, -1.983333333, 0.476923077},
                {0.974560982, -1.991511884, 0.484528788},
                {0.996405147, -2.018960301, 0.469947598}},
                run(Optimizer.create("rmsprop", options("rmsprop").withEps(0.1)), 0.01f));
    }

    @Test
    void gradientsAreReadNotCleared() {
        Parameter p = parameter("w");
        p.grad()[0] = 0.5f;
        Optimizer.create("adam").step(List.of(p), 0.1f);
        assertEquals(0.5f, p.grad()[0]);
    }

    @Test
    void restoredStateContinuesExactlyLikeTheOriginal() {
        float[][] uninterrupted = run(Optimizer.create("adam"), 0.1f);

        Optimizer first = Optimizer.create("adam");
        Parameter p = parameter("readout.weight");
        System.arraycopy(GRADS[0], 0, p.grad(), 0, 3);
        first.step(List.of(p), 0.1f);
        OptimizerState checkpoint = first.state();
        assertEquals(1, checkpoint.step());
        assertEquals(List.of("readout.weight.exp_avg", "readout.weight.exp_avg_sq"), List.copyOf(checkpoint.buffers().keySet()));

        Optimizer resumed = Optimizer.create("adam");
        resumed.restore(checkpoint);
        Parameter q = new Parameter("readout.weight", 3);
        System.arraycopy(p.value(), 0, q.value(), 0, 3);
        for (int s = 1; s < 3; s++) {
            System.arraycopy(GRADS[s], 0, q.grad(), 0, 3);
            resumed.step(List.of(q), 0.1f);
        }
        assertArrayEquals(uninterrupted[2], q.value());
    }

    @Test
    void restoredSgdMomentumIsNotRestartedFromTheGradient() {
        float[][] uninterrupted = run(Optimizer.create("nesterov"), 0.1f);
        Optimizer first = Optimizer.create("nesterov");
        Parameter p = parameter("w");
        System.arraycopy(GRADS[0], 0, p.grad(), 0, 3);
        first.step(List.of(p), 0.1f);

        Optimizer resumed = Optimizer.create("nesterov");
        resumed.restore(first.state());
        Parameter q = new Parameter("w", 3);
        System.arraycopy(p.value(), 0, q.value(), 0, 3);
        System.arraycopy(GRADS[1], 0, q.grad(), 0, 3);
        resumed.step(List.of(q), 0.1f);
        assertArrayEquals(uninterrupted[1], q.value());
    }

    @Test
    void stateIsACopy() {
        Optimizer adam = Optimizer.create("adam");
        Parameter p = parameter("w");
        p.grad()[0] = 1f;
        adam.step(List.of(p), 0.1f);
        adam.state().buffers().get("w.exp_avg")[0] = 42f;
        assertEquals(0.1f, adam.state().buffers().get("w.exp_avg")[0], 1e-7f);
    }

    @Test
    void restoreRejectsForeignOrIncompleteState() {
        Optimizer adam = Optimizer.create("adam");
        var foreign = new OptimizerState(1, java.util.Map.of("w.momentum_buffer", new float[3]));
        assertThrows(IllegalArgumentException.class, () -> adam.restore(foreign));
        var incomplete = new OptimizerState(1, java.util.Map.of("w.exp_avg", new float[3]));
        assertThrows(IllegalArgumentException.class, () -> adam.restore(incomplete));
    }

    @Test
    void restoredStateOfTheWrongSizeIsRejectedAtTheNextStep() {
        Optimizer adam = Optimizer.create("adam");
        adam.restore(new OptimizerState(1, java.util.Map.of("w.exp_avg", new float[2], "w.exp_avg_sq", new float[2])));
        assertThrows(IllegalArgumentException.class, () -> adam.step(List.of(parameter("w")), 0.1f));
    }

    @Test
    void twoParametersWithOneNameAreRejected() {
        Optimizer adam = Optimizer.create("adam");
        assertThrows(IllegalArgumentException.class, () -> adam.step(List.of(parameter("w"), parameter("w")), 0.1f));
    }

    @Test
    void aParameterAppearingAfterTheFirstStepIsRejected() {
        Optimizer adam = Optimizer.create("adam");
        Parameter w = parameter("w");
        adam.step(List.of(w), 0.1f);
        assertThrows(IllegalStateException.class, () -> adam.step(List.of(w, parameter("v")), 0.1f));
    }

    @Test
    void factoryKnowsTheNamesAndListsThemForAnUnknownOne() {
        for (String name : Optimizer.NAMES) assertEquals(name, Optimizer.create(name.toUpperCase()).name());
        var e = assertThrows(IllegalArgumentException.class, () -> Optimizer.create("adagrad"));
        assertTrue(e.getMessage().contains("sgd, nesterov, adam, adamw, rmsprop"), e.getMessage());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        OptimizerOptions adam = OptimizerOptions.defaults("adam");
        assertEquals(new OptimizerOptions(0, 0, 0.9, 0.999, 0.99, 1e-8, 0), adam);
        assertEquals(0.01, OptimizerOptions.defaults("adamw").weightDecay());
        assertEquals(0.9, OptimizerOptions.defaults("nesterov").momentum());
        assertEquals(0.0, OptimizerOptions.defaults("sgd").momentum());
        assertEquals(1e-3f, Optimizer.defaultLearningRate("adam"));
        assertEquals(1e-3f, Optimizer.defaultLearningRate("rmsprop"));
    }

    @Test
    void nesterovNeedsMomentumAndNoDampening() {
        assertThrows(IllegalArgumentException.class, () -> Optimizer.create("nesterov", options("nesterov").withMomentum(0)));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.create("nesterov", options("nesterov").withDampening(0.1)));
    }

    @Test
    void stepsAfterTheFirstAllocateNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Parameter> params = List.of(parameter("a"), parameter("b"), parameter("c"));
        for (String name : Optimizer.NAMES) {
            Optimizer optimizer = Optimizer.create(name, options(name).withMomentum(0.9));
            for (int i = 0; i < 20_000; i++) optimizer.step(params, 1e-6f); // warm up (JIT)
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1_000; i++) optimizer.step(params, 1e-6f);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 1_000, name + " allocated " + allocated + " bytes in 1000 steps");
        }
    }
}
