package rnnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import rnnlab.math.Rng;

class InitializationTest {
    private static final NetworkConfig LSTM = new NetworkConfig(CellType.LSTM, 3, 16, 2, 2);
    private static final NetworkConfig GRU = new NetworkConfig(CellType.GRU, 5, 12, 1, 1);
    private static final NetworkConfig RNN = new NetworkConfig(CellType.RNN_TANH, 2, 64, 1, 1);

    /** The parameters a network of {@code config} has, with PyTorch's names and shapes, all zero. */
    static List<Parameter> parametersOf(NetworkConfig config) {
        int gh = config.cell().gates() * config.hiddenSize();
        List<Parameter> params = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            params.add(new Parameter("weight_ih_l" + l, gh, config.layerInputSize(l)));
            params.add(new Parameter("weight_hh_l" + l, gh, config.hiddenSize()));
            params.add(new Parameter("bias_ih_l" + l, gh));
            params.add(new Parameter("bias_hh_l" + l, gh));
        }
        params.add(new Parameter("readout.weight", config.outputSize(), config.hiddenSize()));
        params.add(new Parameter("readout.bias", config.outputSize()));
        return params;
    }

    private static List<Parameter> initialised(NetworkConfig config, Initialization init, long seed) {
        List<Parameter> params = parametersOf(config);
        init.apply(config, params, Rng.create(seed));
        return params;
    }

    private static Parameter named(List<Parameter> params, String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static float maxAbs(float[] a) {
        float m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** Values lie within ±bound and come close to it (so the bound is the one used). */
    private static void assertUniformWithin(float[] a, double bound, String what) {
        float max = maxAbs(a);
        assertTrue(max <= bound, what + ": " + max + " > " + bound);
        if (a.length >= 50) assertTrue(max > 0.9 * bound, what + ": max " + max + " far below " + bound);
    }

    private static void assertAllZero(float[] a, String what) {
        assertEquals(0f, maxAbs(a), what);
    }

    private static float[] block(float[] a, int block, int blockSize) {
        return Arrays.copyOfRange(a, block * blockSize, (block + 1) * blockSize);
    }

    @Test
    void pytorchDrawsEveryParameterWithinOneOverRootH() {
        double bound = 1 / Math.sqrt(GRU.hiddenSize());
        for (Parameter p : initialised(GRU, Initialization.defaults(), 1)) assertUniformWithin(p.value(), bound, p.name());
    }

    @Test
    void pytorchLstmBiasesAreUniformWhenTheSchemeKeepsThem() {
        var params = initialised(LSTM, Initialization.defaults().withSchemeBiases(), 1);
        double bound = 1 / Math.sqrt(LSTM.hiddenSize());
        assertUniformWithin(named(params, "bias_ih_l0").value(), bound, "bias_ih_l0");
        assertUniformWithin(named(params, "bias_hh_l1").value(), bound, "bias_hh_l1");
    }

    @Test
    void xavierUsesGlorotBoundsPerBlockAndZeroBiases() {
        var params = initialised(LSTM, Initialization.of(InitScheme.XAVIER).withSchemeBiases(), 2);
        int h = LSTM.hiddenSize();
        assertUniformWithin(named(params, "weight_ih_l0").value(), Math.sqrt(6.0 / (3 + h)), "weight_ih_l0");
        assertUniformWithin(named(params, "weight_ih_l1").value(), Math.sqrt(6.0 / (h + h)), "weight_ih_l1");
        assertUniformWithin(named(params, "weight_hh_l0").value(), Math.sqrt(6.0 / (h + h)), "weight_hh_l0");
        assertUniformWithin(named(params, "readout.weight").value(), Math.sqrt(6.0 / (h + 2)), "readout.weight");
        for (String bias : List.of("bias_ih_l0", "bias_hh_l0", "bias_ih_l1", "bias_hh_l1", "readout.bias"))
            assertAllZero(named(params, bias).value(), bias);
    }

    @Test
    void orthogonalMakesEachRecurrentBlockOrthogonal() {
        for (NetworkConfig config : List.of(LSTM, GRU, RNN)) {
            var params = initialised(config, Initialization.of(InitScheme.ORTHOGONAL), 3);
            int h = config.hiddenSize();
            float[] w = named(params, "weight_hh_l0").value();
            for (int g = 0; g < config.cell().gates(); g++)
                assertGramIsScaledIdentity(block(w, g, h * h), h, 1.0, config.cell() + " block " + g);
            assertAllZero(named(params, "bias_hh_l0").value(), "bias_hh_l0");
        }
    }

    @Test
    void orthogonalBlocksAreIndependent() {
        float[] w = named(initialised(LSTM, Initialization.of(InitScheme.ORTHOGONAL), 3), "weight_hh_l0").value();
        int hh = LSTM.hiddenSize() * LSTM.hiddenSize();
        assertFalse(Arrays.equals(block(w, 0, hh), block(w, 1, hh)));
    }

    @Test
    void recurrentScaleSetsTheSingularValuesOfAnOrthogonalBlock() {
        var init = Initialization.of(InitScheme.ORTHOGONAL).withRecurrentScale(0.5f);
        float[] w = named(initialised(RNN, init, 4), "weight_hh_l0").value();
        assertGramIsScaledIdentity(w, RNN.hiddenSize(), 0.25, "0.5·Q");
    }

    /** WᵀW = scale·I for the row-major n×n matrix w, to float rounding. */
    private static void assertGramIsScaledIdentity(float[] w, int n, double scale, String what) {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int r = 0; r < n; r++) dot += (double) w[r * n + i] * w[r * n + j];
                assertEquals(i == j ? scale : 0, dot, 1e-5, what + " (WᵀW)[" + i + "][" + j + "]");
            }
    }

    @Test
    void identityIsIrnn() {
        var params = initialised(RNN, Initialization.of(InitScheme.IDENTITY), 5);
        int h = RNN.hiddenSize();
        float[] w = named(params, "weight_hh_l0").value();
        for (int r = 0; r < h; r++)
            for (int c = 0; c < h; c++) assertEquals(r == c ? 1f : 0f, w[r * h + c]);
        assertAllZero(named(params, "bias_ih_l0").value(), "bias_ih_l0");
        assertAllZero(named(params, "bias_hh_l0").value(), "bias_hh_l0");
        float[] u = named(params, "weight_ih_l0").value(); // 128 draws from N(0, 0.001²)
        double sumSquares = 0;
        for (float v : u) sumSquares += (double) v * v;
        double std = Math.sqrt(sumSquares / u.length);
        assertTrue(std > 0.0007 && std < 0.0013, "std of weight_ih " + std);
    }

    @Test
    void identityScaledGivesAScaledIdentityPerGateBlock() {
        var params = initialised(GRU, Initialization.of(InitScheme.IDENTITY).withRecurrentScale(0.9f), 5);
        int h = GRU.hiddenSize();
        float[] w = named(params, "weight_hh_l0").value();
        for (int g = 0; g < 3; g++)
            for (int r = 0; r < h; r++) assertEquals(0.9f, w[(g * h + r) * h + r]);
    }

    @Test
    void forgetBiasIsTheSumOfTheTwoBiases() {
        var params = initialised(LSTM, Initialization.defaults().withForgetBias(2f), 6);
        int h = LSTM.hiddenSize();
        for (int l = 0; l < 2; l++) {
            float[] bih = named(params, "bias_ih_l" + l).value();
            float[] bhh = named(params, "bias_hh_l" + l).value();
            for (int u = 0; u < h; u++) {
                assertEquals(2f, bih[h + u] + bhh[h + u], "forget bias of unit " + u);
                assertEquals(0f, bhh[h + u]);
            }
            // the other gates keep the scheme's uniform biases
            assertTrue(maxAbs(block(bih, 0, h)) > 0 && maxAbs(block(bhh, 2, h)) > 0);
        }
    }

    @Test
    void defaultLstmForgetBiasIsOne() {
        var params = initialised(LSTM, Initialization.defaults(), 6);
        int h = LSTM.hiddenSize();
        float[] bih = named(params, "bias_ih_l0").value();
        float[] bhh = named(params, "bias_hh_l0").value();
        for (int u = 0; u < h; u++) assertEquals(1f, bih[h + u] + bhh[h + u]);
    }

    @Test
    void otherCellsIgnoreTheForgetBias() {
        var withBias = initialised(GRU, Initialization.defaults().withForgetBias(5f), 7);
        var without = initialised(GRU, Initialization.defaults().withSchemeBiases(), 7);
        for (int i = 0; i < withBias.size(); i++) assertArrayEquals(without.get(i).value(), withBias.get(i).value());
    }

    @Test
    void chronoDrawsLogUniformForgetBiasesAndOpposedInputBiases() {
        int tMax = 100;
        var params = initialised(LSTM, Initialization.of(InitScheme.XAVIER).withChrono(tMax), 8);
        int h = LSTM.hiddenSize();
        float[] bih = named(params, "bias_ih_l1").value();
        float[] bhh = named(params, "bias_hh_l1").value();
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (int u = 0; u < h; u++) {
            float bf = bih[h + u] + bhh[h + u];
            float bi = bih[u] + bhh[u];
            assertTrue(bf >= 0 && bf <= Math.log(tMax - 1), "b_f " + bf);
            assertEquals(-bf, bi, "b_i = −b_f");
            assertEquals(0f, bhh[h + u]);
            assertEquals(0f, bhh[u]);
            min = Math.min(min, bf);
            max = Math.max(max, bf);
        }
        assertTrue(max - min > 0.5, "chrono biases should spread over [0, log 99]: " + min + ".." + max);
    }

    @Test
    void sameSeedGivesTheSameValuesBitForBit() {
        for (InitScheme scheme : InitScheme.values()) {
            var init = Initialization.of(scheme).withChrono(50);
            var a = initialised(LSTM, init, 42);
            var b = initialised(LSTM, init, 42);
            var c = initialised(LSTM, init, 43);
            for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).value(), b.get(i).value(), scheme + " " + a.get(i));
            assertFalse(Arrays.equals(named(a, "weight_ih_l0").value(), named(c, "weight_ih_l0").value()), scheme.cliName());
        }
    }

    @Test
    void theOrderOfTheListDoesNotMatter() {
        var ordered = initialised(LSTM, Initialization.defaults(), 9);
        List<Parameter> shuffled = parametersOf(LSTM);
        Collections.reverse(shuffled);
        Initialization.defaults().apply(LSTM, shuffled, Rng.create(9));
        for (Parameter p : ordered) assertArrayEquals(p.value(), named(shuffled, p.name()).value(), p.name());
    }

    @Test
    void rejectsParametersThatDoNotMatchTheConfig() {
        List<Parameter> missing = parametersOf(LSTM);
        missing.removeLast();
        assertThrows(IllegalArgumentException.class, () -> Initialization.defaults().apply(LSTM, missing, Rng.create(1)));
        List<Parameter> wrongShape = parametersOf(LSTM);
        wrongShape.set(0, new Parameter("weight_ih_l0", 64, 4));
        assertThrows(IllegalArgumentException.class, () -> Initialization.defaults().apply(LSTM, wrongShape, Rng.create(1)));
        List<Parameter> extra = parametersOf(LSTM);
        extra.add(new Parameter("weight_hr_l0", 4));
        assertThrows(IllegalArgumentException.class, () -> Initialization.defaults().apply(LSTM, extra, Rng.create(1)));
    }

    @Test
    void parsesSchemeNamesAndListsThemForAnUnknownOne() {
        assertEquals(InitScheme.ORTHOGONAL, InitScheme.parse("Orthogonal"));
        for (InitScheme s : InitScheme.values()) assertEquals(s, InitScheme.parse(s.cliName()));
        var e = assertThrows(IllegalArgumentException.class, () -> InitScheme.parse("kaiming"));
        assertTrue(e.getMessage().contains("pytorch, xavier, orthogonal, identity"), e.getMessage());
    }

    @Test
    void rejectsContradictoryOptions() {
        assertThrows(IllegalArgumentException.class, () -> new Initialization(InitScheme.PYTORCH, 1f, 1f, 100));
        assertThrows(IllegalArgumentException.class, () -> Initialization.defaults().withChrono(1));
        assertThrows(IllegalArgumentException.class, () -> Initialization.defaults().withRecurrentScale(Float.NaN));
        assertNotEquals(Initialization.defaults(), Initialization.defaults().withChrono(10));
    }
}
