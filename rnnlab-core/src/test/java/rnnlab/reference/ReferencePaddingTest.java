package rnnlab.reference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import rnnlab.nn.CellType;
import rnnlab.nn.InitialState;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Padding: a batch with mixed lengths must behave as its sequences run one by one, unpadded,
 * with the padded steps carrying the state unchanged and contributing nothing.
 */
class ReferencePaddingTest {
    private static final long SEED = 77L;
    private static final double EXACT_UP_TO_ROUNDING = 1e-13;
    private static final int LAYERS = 2;

    record Case(CellType cell, LossKind kind, LossAt at) {
        NetworkConfig config() {
            return Fixtures.config(cell, LAYERS, kind);
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (CellType cell : CellType.values())
            for (LossKind kind : LossKind.values())
                for (LossAt at : LossAt.values()) cases.add(new Case(cell, kind, at));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void paddedBatchEqualsSequencesRunOneByOneUnpadded(Case c) {
        NetworkConfig config = c.config();
        ReferenceNetwork network = Fixtures.randomNetwork(config, SEED);
        SequenceBatch batch = Fixtures.randomBatch(config, c.kind(), c.at(), Fixtures.MIXED_LENGTHS, SEED + 1);
        InitialState initial = Fixtures.randomInitialState(config, batch.batch(), SEED + 2);
        ReferenceNetwork.Result padded = network.run(batch, initial);
        int sequences = batch.batch();

        double loss = 0;
        double[][] gradientSums = new double[network.parameters().size()][];
        List<String> names = new ArrayList<>(network.parameters().keySet());
        for (int i = 0; i < names.size(); i++) gradientSums[i] = new double[network.parameters().get(names.get(i)).length];
        for (int b = 0; b < sequences; b++) {
            int n = batch.length(b);
            if (n == 0) {
                assertEmptySequenceCarriesInitialState(c, padded, initial, b);
                continue;
            }
            ReferenceNetwork.Result alone = network.run(unpadded(batch, b), initialRow(config, initial, b));
            loss += alone.loss();
            for (int i = 0; i < names.size(); i++) {
                double[] g = alone.gradient(names.get(i));
                for (int k = 0; k < g.length; k++) gradientSums[i][k] += g[k];
            }
            assertStatesMatch(c, padded, alone, b, n, batch.steps(), sequences);
            for (int s = 0; s < batch.steps(); s++)
                assertArrayEquals(s < n ? alone.outputs()[0][s] : new double[config.outputSize()], padded.outputs()[b][s],
                        EXACT_UP_TO_ROUNDING, "output at step " + s);
        }
        assertEquals(loss / sequences, padded.loss(), EXACT_UP_TO_ROUNDING, "loss");
        for (int i = 0; i < names.size(); i++) {
            double[] mean = gradientSums[i].clone();
            for (int k = 0; k < mean.length; k++) mean[k] /= sequences;
            assertArrayEquals(mean, padded.gradient(names.get(i)), EXACT_UP_TO_ROUNDING, names.get(i));
        }
    }

    /**
     * States by state index: equal up to the length, then h_n (and c_n) carried. Gradients: the
     * batch loss divides by B, so ∂L/∂h_t is the single sequence's over B, and zero past n.
     */
    private static void assertStatesMatch(Case c, ReferenceNetwork.Result padded, ReferenceNetwork.Result alone,
                                          int b, int n, int steps, int sequences) {
        double[] zeros = new double[Fixtures.HIDDEN];
        for (int l = 0; l < LAYERS; l++)
            for (int t = 0; t <= steps; t++) {
                String where = "layer " + l + " sequence " + b + " t " + t;
                int carried = Math.min(t, n);
                assertArrayEquals(alone.hidden()[l][0][carried], padded.hidden()[l][b][t], EXACT_UP_TO_ROUNDING, "h " + where);
                double[] dh = t <= n ? divide(alone.dHidden()[l][0][t], sequences) : zeros;
                assertArrayEquals(dh, padded.dHidden()[l][b][t], EXACT_UP_TO_ROUNDING, "dL/dh " + where);
                if (!c.cell().hasCellState()) continue;
                assertArrayEquals(alone.cell()[l][0][carried], padded.cell()[l][b][t], EXACT_UP_TO_ROUNDING, "c " + where);
                double[] dc = t <= n ? divide(alone.dCell()[l][0][t], sequences) : zeros;
                assertArrayEquals(dc, padded.dCell()[l][b][t], EXACT_UP_TO_ROUNDING, "dL/dc " + where);
            }
    }

    private static void assertEmptySequenceCarriesInitialState(Case c, ReferenceNetwork.Result padded, InitialState initial, int b) {
        for (int l = 0; l < LAYERS; l++)
            for (int t = 0; t < padded.hidden()[l][b].length; t++) {
                assertArrayEquals(row(initial.hidden(l), b), padded.hidden()[l][b][t], 0, "h of the empty sequence");
                assertArrayEquals(new double[Fixtures.HIDDEN], padded.dHidden()[l][b][t], 0, "dL/dh of the empty sequence");
                if (c.cell().hasCellState())
                    assertArrayEquals(row(initial.cell(l), b), padded.cell()[l][b][t], 0, "c of the empty sequence");
            }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void paddedInputsAndTargetsAreIgnored(Case c) {
        NetworkConfig config = c.config();
        ReferenceNetwork network = Fixtures.randomNetwork(config, SEED);
        SequenceBatch batch = Fixtures.randomBatch(config, c.kind(), c.at(), Fixtures.MIXED_LENGTHS, SEED + 1);
        SequenceBatch other = Fixtures.randomBatch(config, c.kind(), c.at(), Fixtures.MIXED_LENGTHS, SEED + 99);
        SequenceBatch mixed = realStepsOf(batch, other);
        assertFalse(Arrays.equals(batch.x(), mixed.x()), "the padded inputs differ");
        ReferenceNetwork.Result expected = network.run(batch, InitialState.ZERO);
        ReferenceNetwork.Result actual = network.run(mixed, InitialState.ZERO);
        assertEquals(expected.loss(), actual.loss(), 0);
        for (String name : network.parameters().keySet())
            assertArrayEquals(expected.gradient(name), actual.gradient(name), 0, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lengthsAllTEqualNoLengths(Case c) {
        NetworkConfig config = c.config();
        ReferenceNetwork network = Fixtures.randomNetwork(config, SEED);
        SequenceBatch full = Fixtures.randomBatch(config, c.kind(), c.at(), null, SEED + 1);
        int[] allT = new int[full.batch()];
        Arrays.fill(allT, full.steps());
        SequenceBatch explicit = new SequenceBatch(full.steps(), full.batch(), full.inputSize(), full.x(), allT, full.targets());
        ReferenceNetwork.Result a = network.run(full, InitialState.ZERO), b = network.run(explicit, InitialState.ZERO);
        assertEquals(a.loss(), b.loss(), 0);
        for (String name : network.parameters().keySet()) assertArrayEquals(a.gradient(name), b.gradient(name), 0, name);
    }

    // ---- building the one-sequence batches ---------------------------------------------------

    /** Sequence b alone, cut to its length: a batch of one with T = n. */
    private static SequenceBatch unpadded(SequenceBatch batch, int b) {
        int n = batch.length(b), width = batch.inputSize(), sequences = batch.batch();
        float[] x = new float[n * width];
        for (int s = 0; s < n; s++) System.arraycopy(batch.x(), (s * sequences + b) * width, x, s * width, width);
        Targets t = batch.targets();
        int w = t.values() != null ? t.width() : 1;
        int[] rows = t.at() == LossAt.LAST ? new int[] {b} : rowsOf(b, n, sequences);
        Targets targets = t.values() != null
                ? Targets.values(t.at(), pick(t.values(), rows, w), w)
                : Targets.classes(t.at(), pickClasses(t.classes(), rows), t.width());
        return new SequenceBatch(n, 1, width, x, null, targets);
    }

    private static int[] rowsOf(int b, int n, int sequences) {
        int[] rows = new int[n];
        for (int s = 0; s < n; s++) rows[s] = s * sequences + b;
        return rows;
    }

    private static float[] pick(float[] values, int[] rows, int width) {
        float[] picked = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) System.arraycopy(values, rows[r] * width, picked, r * width, width);
        return picked;
    }

    private static int[] pickClasses(int[] classes, int[] rows) {
        int[] picked = new int[rows.length];
        for (int r = 0; r < rows.length; r++) picked[r] = classes[rows[r]];
        return picked;
    }

    private static InitialState initialRow(NetworkConfig config, InitialState initial, int b) {
        float[][] hidden = new float[config.layers()][], cell = new float[config.layers()][];
        for (int l = 0; l < config.layers(); l++) {
            hidden[l] = Arrays.copyOfRange(initial.hidden(l), b * config.hiddenSize(), (b + 1) * config.hiddenSize());
            if (initial.cell() != null)
                cell[l] = Arrays.copyOfRange(initial.cell(l), b * config.hiddenSize(), (b + 1) * config.hiddenSize());
        }
        return new InitialState(hidden, initial.cell() != null ? cell : null);
    }

    /**
     * {@code batch}'s real steps, with everything no loss may read taken from {@code filler}:
     * inputs and per-step targets at padded steps, and the last-step target of an empty sequence.
     */
    private static SequenceBatch realStepsOf(SequenceBatch batch, SequenceBatch filler) {
        float[] x = filler.x().clone();
        int width = batch.inputSize(), sequences = batch.batch();
        for (int s = 0; s < batch.steps(); s++)
            for (int b = 0; b < sequences; b++)
                if (batch.active(s, b))
                    System.arraycopy(batch.x(), (s * sequences + b) * width, x, (s * sequences + b) * width, width);
        Targets t = batch.targets();
        Targets f = filler.targets();
        if (t.at() == LossAt.LAST) return new SequenceBatch(batch.steps(), sequences, width, x, batch.lengths(), lastTargets(batch, f));
        if (t.values() != null) {
            float[] values = f.values().clone();
            int w = t.width();
            for (int s = 0; s < batch.steps(); s++)
                for (int b = 0; b < sequences; b++)
                    if (batch.active(s, b)) System.arraycopy(t.values(), (s * sequences + b) * w, values, (s * sequences + b) * w, w);
            return new SequenceBatch(batch.steps(), sequences, width, x, batch.lengths(), Targets.values(t.at(), values, w));
        }
        int[] classes = f.classes().clone();
        for (int s = 0; s < batch.steps(); s++)
            for (int b = 0; b < sequences; b++)
                if (batch.active(s, b)) classes[s * sequences + b] = t.classes()[s * sequences + b];
        return new SequenceBatch(batch.steps(), sequences, width, x, batch.lengths(), Targets.classes(t.at(), classes, t.width()));
    }

    private static Targets lastTargets(SequenceBatch batch, Targets filler) {
        Targets t = batch.targets();
        int w = t.width();
        float[] values = t.values() != null ? t.values().clone() : null;
        int[] classes = t.classes() != null ? t.classes().clone() : null;
        for (int b = 0; b < batch.batch(); b++) {
            if (batch.length(b) > 0) continue;
            if (values != null) System.arraycopy(filler.values(), b * w, values, b * w, w);
            else classes[b] = filler.classes()[b];
        }
        return values != null ? Targets.values(LossAt.LAST, values, w) : Targets.classes(LossAt.LAST, classes, w);
    }

    private static double[] row(float[] rows, int b) {
        double[] r = new double[Fixtures.HIDDEN];
        for (int j = 0; j < r.length; j++) r[j] = rows[b * r.length + j];
        return r;
    }

    private static double[] divide(double[] v, int by) {
        double[] r = v.clone();
        for (int i = 0; i < r.length; i++) r[i] /= by;
        return r;
    }
}
