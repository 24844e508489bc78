package rnnlab.reference;

import rnnlab.nn.CellType;
import rnnlab.nn.InitialState;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Small random networks and batches for the reference tests, all from fixed seeds. */
final class Fixtures {
    static final int INPUTS = 3, HIDDEN = 4, STEPS = 5, BATCH = 3;
    static final int REGRESSION_OUTPUTS = 2, CLASSES = 3;
    /** One full-length, one empty and one partial sequence. */
    static final int[] MIXED_LENGTHS = {STEPS, 0, 3};

    private Fixtures() {}

    static NetworkConfig config(CellType cell, int layers, LossKind kind) {
        return new NetworkConfig(cell, INPUTS, HIDDEN, layers, kind == LossKind.MSE ? REGRESSION_OUTPUTS : CLASSES);
    }

    /**
     * Every parameter uniform in [−scale, scale]. With scale 0.5 and inputs in [−1, 1] the
     * pre-activations stay within a few units, so tanh and σ are far from saturation.
     */
    static Map<String, double[]> randomParameters(NetworkConfig config, long seed, double scale) {
        Random random = new Random(seed);
        Map<String, double[]> parameters = new LinkedHashMap<>();
        for (var entry : ReferenceNetwork.shapes(config).entrySet()) {
            int size = 1;
            for (int d : entry.getValue()) size *= d;
            double[] values = new double[size];
            for (int i = 0; i < size; i++) values[i] = scale * (2 * random.nextDouble() - 1);
            parameters.put(entry.getKey(), values);
        }
        return parameters;
    }

    static ReferenceNetwork randomNetwork(NetworkConfig config, long seed) {
        return new ReferenceNetwork(config, randomParameters(config, seed, 0.5));
    }

    /** Inputs and targets uniform in [−1, 1], classes uniform; {@code lengths} may be null. */
    static SequenceBatch randomBatch(NetworkConfig config, LossKind kind, LossAt at, int[] lengths, long seed) {
        Random random = new Random(seed);
        float[] x = uniform(random, STEPS * BATCH * config.inputSize(), 1);
        int rows = at == LossAt.LAST ? BATCH : STEPS * BATCH;
        Targets targets;
        if (kind == LossKind.CROSS_ENTROPY) {
            int[] classes = new int[rows];
            for (int r = 0; r < rows; r++) classes[r] = random.nextInt(config.outputSize());
            targets = Targets.classes(at, classes, config.outputSize());
        } else {
            targets = Targets.values(at, uniform(random, rows * config.outputSize(), 1), config.outputSize());
        }
        return new SequenceBatch(STEPS, BATCH, config.inputSize(), x, lengths == null ? null : lengths.clone(), targets);
    }

    /** Hidden (and, for the LSTM, cell) states uniform in [−0.5, 0.5] for every layer. */
    static InitialState randomInitialState(NetworkConfig config, int batch, long seed) {
        Random random = new Random(seed);
        float[][] hidden = new float[config.layers()][], cell = new float[config.layers()][];
        for (int l = 0; l < config.layers(); l++) {
            hidden[l] = uniform(random, batch * config.hiddenSize(), 0.5);
            cell[l] = uniform(random, batch * config.hiddenSize(), 0.5);
        }
        return new InitialState(hidden, config.cell().hasCellState() ? cell : null);
    }

    static float[] uniform(Random random, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (scale * (2 * random.nextDouble() - 1));
        return v;
    }
}
