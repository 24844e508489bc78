package rnnlab.nn;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import rnnlab.math.Rng;

/**
 * Sets a network's parameters to their initial values: a {@link InitScheme scheme}, then the
 * options on top of it, in this order:
 * <ol>
 *   <li>{@code recurrentScale}: every weight_hh multiplied by it (1 leaves it; with the orthogonal
 *       or identity scheme it is σmax of each gate block, so it places the RNN's W below, at or
 *       above the vanishing/exploding boundary σmax = 1);</li>
 *   <li>LSTM only, at most one of:
 *   <ul>
 *     <li>{@code forgetBias}: the forget block of bias_ih set to the value and that of bias_hh to
 *         0. <em>With two biases the forget bias is their sum</em>: the cell sees
 *         b_ih + b_hh, so this makes the sum equal to the value (PyTorch issue #750);</li>
 *     <li>{@code chrono(Tmax)} (Tallec &amp; Ollivier 2018): per unit b_f = log(u),
 *         u ~ U[1, Tmax − 1], and b_i = −b_f, in the same sum convention (bias_hh's i and f
 *         blocks 0).</li>
 *   </ul></li>
 * </ol>
 * Other cells ignore the LSTM options, so that one default serves every cell type.
 *
 * <p>The defaults are the ones that work (references.md): the PyTorch scheme with forget bias 1.
 *
 * <p>Reproducible: parameters are drawn in a fixed order (layer by layer: weight_ih, weight_hh,
 * bias_ih, bias_hh; then readout.weight, readout.bias; then the chrono biases), whatever the order
 * of the list, using only {@link Rng}'s draws; with a generator from {@link Rng#create} the same
 * seed gives the same values bit for bit.
 *
 * @param scheme how weights are drawn
 * @param recurrentScale factor applied to every weight_hh after the scheme
 * @param forgetBias the LSTM's forget-gate bias (the sum b_ih + b_hh), or null to keep the scheme's
 * @param chronoMaxSteps Tmax of the chrono initialisation (at least 2), or 0 for none
 */
public record Initialization(InitScheme scheme, float recurrentScale, Float forgetBias, int chronoMaxSteps) {
    /** Default LSTM forget-gate bias (Jozefowicz et al. 2015; Keras's unit_forget_bias). */
    public static final float DEFAULT_FORGET_BIAS = 1f;
    /** Standard deviation of IRNN's non-recurrent weights (Le et al. 2015). */
    static final double IDENTITY_INPUT_STD = 0.001;

    private static final int LSTM_INPUT_GATE = 0;
    private static final int LSTM_FORGET_GATE = 1;

    public Initialization {
        if (scheme == null) throw new IllegalArgumentException("scheme must be given; use one of " + InitScheme.names());
        if (!Float.isFinite(recurrentScale))
            throw new IllegalArgumentException("recurrent scale must be finite, got " + recurrentScale);
        if (forgetBias != null && !Float.isFinite(forgetBias))
            throw new IllegalArgumentException("forget bias must be finite, got " + forgetBias);
        if (chronoMaxSteps != 0 && chronoMaxSteps < 2)
            throw new IllegalArgumentException("chrono needs Tmax of at least 2, got " + chronoMaxSteps);
        if (chronoMaxSteps != 0 && forgetBias != null)
            throw new IllegalArgumentException("chrono sets the forget bias itself: give a forget bias or chrono, not both");
    }

    /** The defaults: PyTorch's scheme, recurrent scale 1, LSTM forget bias 1. */
    public static Initialization defaults() {
        return of(InitScheme.PYTORCH);
    }

    /** {@code scheme} with the default options (recurrent scale 1, LSTM forget bias 1). */
    public static Initialization of(InitScheme scheme) {
        return new Initialization(scheme, 1f, DEFAULT_FORGET_BIAS, 0);
    }

    /** These options on another scheme. */
    public Initialization withScheme(InitScheme scheme) {
        return new Initialization(scheme, recurrentScale, forgetBias, chronoMaxSteps);
    }

    /** Every weight_hh multiplied by {@code scale} after the scheme. */
    public Initialization withRecurrentScale(float scale) {
        return new Initialization(scheme, scale, forgetBias, chronoMaxSteps);
    }

    /** The LSTM forget bias set to {@code value} (replaces chrono). */
    public Initialization withForgetBias(float value) {
        return new Initialization(scheme, recurrentScale, value, 0);
    }

    /** The LSTM biases left as the scheme draws them (no forget bias, no chrono). */
    public Initialization withSchemeBiases() {
        return new Initialization(scheme, recurrentScale, null, 0);
    }

    /** Chrono initialisation with the given Tmax (replaces the forget bias). */
    public Initialization withChrono(int maxSteps) {
        return new Initialization(scheme, recurrentScale, null, maxSteps);
    }

    /**
     * Overwrites the values of {@code params} (gradients are untouched).
     *
     * @param config the network's shape, which names the parameters expected
     * @param params exactly the parameters of {@code config} (any order), with PyTorch's names
     *     and shapes
     * @param rng the source of randomness, advanced by the draws
     * @throws IllegalArgumentException if a parameter is missing, unexpected or of the wrong shape
     */
    public void apply(NetworkConfig config, List<Parameter> params, RandomGenerator rng) {
        Map<String, Parameter> byName = index(config, params);
        for (int l = 0; l < config.layers(); l++) initialiseLayer(config, l, byName, rng);
        initialiseReadout(config, byName, rng);
        if (config.cell().isLstm()) {
            for (int l = 0; l < config.layers(); l++) setLstmGateBiases(config, l, byName, rng);
        }
    }

    private void initialiseLayer(NetworkConfig config, int l, Map<String, Parameter> byName, RandomGenerator rng) {
        int h = config.hiddenSize();
        float[] inputWeights = byName.get("weight_ih_l" + l).value();
        float[] recurrentWeights = byName.get("weight_hh_l" + l).value();
        float[] inputBias = byName.get("bias_ih_l" + l).value();
        float[] recurrentBias = byName.get("bias_hh_l" + l).value();
        double pytorchBound = 1 / Math.sqrt(h);
        double xavierInput = glorotBound(config.layerInputSize(l), h);
        switch (scheme) {
            case PYTORCH -> {
                fillUniform(inputWeights, pytorchBound, rng);
                fillUniform(recurrentWeights, pytorchBound, rng);
                fillUniform(inputBias, pytorchBound, rng);
                fillUniform(recurrentBias, pytorchBound, rng);
            }
            case XAVIER -> {
                fillUniform(inputWeights, xavierInput, rng);
                fillUniform(recurrentWeights, glorotBound(h, h), rng);
                zero(inputBias, recurrentBias);
            }
            case ORTHOGONAL -> {
                fillUniform(inputWeights, xavierInput, rng);
                fillOrthogonalBlocks(recurrentWeights, h, rng);
                zero(inputBias, recurrentBias);
            }
            case IDENTITY -> {
                fillGaussian(inputWeights, IDENTITY_INPUT_STD, rng);
                fillIdentityBlocks(recurrentWeights, h);
                zero(inputBias, recurrentBias);
            }
        }
        if (recurrentScale != 1f)
            for (int j = 0; j < recurrentWeights.length; j++) recurrentWeights[j] *= recurrentScale;
    }

    private void initialiseReadout(NetworkConfig config, Map<String, Parameter> byName, RandomGenerator rng) {
        float[] weight = byName.get("readout.weight").value();
        float[] bias = byName.get("readout.bias").value();
        switch (scheme) {
            case PYTORCH -> {
                double bound = 1 / Math.sqrt(config.hiddenSize()); // nn.Linear, fan-in H
                fillUniform(weight, bound, rng);
                fillUniform(bias, bound, rng);
            }
            case XAVIER, ORTHOGONAL -> {
                fillUniform(weight, glorotBound(config.hiddenSize(), config.outputSize()), rng);
                zero(bias);
            }
            case IDENTITY -> {
                fillGaussian(weight, IDENTITY_INPUT_STD, rng);
                zero(bias);
            }
        }
    }

    /** Forget bias or chrono on layer l, in the sum convention: bias_ih carries the value, bias_hh 0. */
    private void setLstmGateBiases(NetworkConfig config, int l, Map<String, Parameter> byName, RandomGenerator rng) {
        int h = config.hiddenSize();
        float[] inputBias = byName.get("bias_ih_l" + l).value();
        float[] recurrentBias = byName.get("bias_hh_l" + l).value();
        int forget = LSTM_FORGET_GATE * h;
        int input = LSTM_INPUT_GATE * h;
        if (chronoMaxSteps != 0) {
            for (int u = 0; u < h; u++) {
                float bf = (float) StrictMath.log(Rng.uniform(rng, 1, chronoMaxSteps - 1));
                inputBias[forget + u] = bf;
                recurrentBias[forget + u] = 0f;
                inputBias[input + u] = -bf;
                recurrentBias[input + u] = 0f;
            }
        } else if (forgetBias != null) {
            for (int u = 0; u < h; u++) {
                inputBias[forget + u] = forgetBias;
                recurrentBias[forget + u] = 0f;
            }
        }
    }

    /** The parameters by name, checked against the names and shapes {@code config} implies. */
    private static Map<String, Parameter> index(NetworkConfig config, List<Parameter> params) {
        Map<String, int[]> expected = config.parameterShapes();
        Map<String, Parameter> byName = new HashMap<>();
        for (Parameter p : params) {
            int[] shape = expected.get(p.name());
            if (shape == null)
                throw new IllegalArgumentException("unexpected parameter " + p + " for " + config);
            if (!Arrays.equals(shape, p.shape()))
                throw new IllegalArgumentException(p + " should have shape " + Arrays.toString(shape));
            if (byName.put(p.name(), p) != null) throw new IllegalArgumentException("parameter " + p.name() + " given twice");
        }
        for (String name : expected.keySet())
            if (!byName.containsKey(name)) throw new IllegalArgumentException("parameter " + name + " is missing");
        return byName;
    }

    /** Glorot's uniform bound √(6 / (fanIn + fanOut)). */
    private static double glorotBound(int fanIn, int fanOut) {
        return Math.sqrt(6.0 / (fanIn + fanOut));
    }

    private static void fillUniform(float[] a, double bound, RandomGenerator rng) {
        for (int j = 0; j < a.length; j++) a[j] = (float) Rng.uniform(rng, -bound, bound);
    }

    private static void fillGaussian(float[] a, double std, RandomGenerator rng) {
        for (int j = 0; j < a.length; j++) a[j] = (float) (std * Rng.gaussian(rng));
    }

    private static void zero(float[]... arrays) {
        for (float[] a : arrays) Arrays.fill(a, 0f);
    }

    /** Each H×H block of the [G·H, H] matrix {@code w} the identity. */
    private static void fillIdentityBlocks(float[] w, int h) {
        Arrays.fill(w, 0f);
        int blocks = w.length / (h * h);
        for (int g = 0; g < blocks; g++)
            for (int r = 0; r < h; r++) w[(g * h + r) * h + r] = 1f;
    }

    /** Each H×H block of the [G·H, H] matrix {@code w} an independent random orthogonal matrix. */
    private static void fillOrthogonalBlocks(float[] w, int h, RandomGenerator rng) {
        int blocks = w.length / (h * h);
        for (int g = 0; g < blocks; g++) {
            double[][] q = Orthogonal.random(h, rng);
            for (int r = 0; r < h; r++)
                for (int c = 0; c < h; c++) w[(g * h + r) * h + c] = (float) q[r][c];
        }
    }

    /** Random orthogonal matrices by Gram–Schmidt, kept apart from the drawing logic above. */
    static final class Orthogonal {
        private Orthogonal() {}

        /**
         * The Q of the QR decomposition of an n×n standard Gaussian matrix (drawn row by row), with
         * R's diagonal positive: Haar-distributed on the orthogonal group. Modified Gram–Schmidt on
         * the columns, each orthogonalised twice ("twice is enough") so that QᵀQ = I to rounding.
         */
        static double[][] random(int n, RandomGenerator rng) {
            double[][] a = new double[n][n];
            for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++) a[r][c] = Rng.gaussian(rng);
            for (int j = 0; j < n; j++) {
                for (int pass = 0; pass < 2; pass++)
                    for (int k = 0; k < j; k++) subtractProjection(a, k, j);
                normaliseColumn(a, j);
            }
            return a;
        }

        /** Column j −= (q_k · column j) q_k, for the unit column k. */
        private static void subtractProjection(double[][] a, int k, int j) {
            double dot = 0;
            for (double[] row : a) dot += row[k] * row[j];
            for (double[] row : a) row[j] -= dot * row[k];
        }

        private static void normaliseColumn(double[][] a, int j) {
            double sum = 0;
            for (double[] row : a) sum += row[j] * row[j];
            double norm = Math.sqrt(sum);
            for (double[] row : a) row[j] /= norm;
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(scheme.cliName());
        if (recurrentScale != 1f) s.append(", recurrent scale ").append(recurrentScale);
        if (forgetBias != null) s.append(", LSTM forget bias ").append(forgetBias);
        if (chronoMaxSteps != 0) s.append(", LSTM chrono Tmax ").append(chronoMaxSteps);
        return s.toString();
    }
}
