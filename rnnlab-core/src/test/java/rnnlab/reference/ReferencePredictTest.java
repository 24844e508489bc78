package rnnlab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import rnnlab.nn.CellType;
import rnnlab.nn.InitialState;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.SequenceBatch;

/** The forward-only entry on double data computes what {@link ReferenceNetwork#run} computes. */
class ReferencePredictTest {
    private static final long SEED = 91L;

    @ParameterizedTest
    @EnumSource(CellType.class)
    void predictEqualsTheForwardPassOfRun(CellType cell) {
        NetworkConfig config = Fixtures.config(cell, 2, LossKind.MSE);
        ReferenceNetwork network = Fixtures.randomNetwork(config, SEED);
        int[] lengths = {Fixtures.STEPS, 1, 3};
        SequenceBatch batch = Fixtures.randomBatch(config, LossKind.MSE, LossAt.EVERY, lengths, SEED + 1);
        InitialState initial = Fixtures.randomInitialState(config, batch.batch(), SEED + 2);
        ReferenceNetwork.Result r = network.run(batch, initial);

        ReferenceNetwork.Prediction p = network.predict(batch.steps(), batch.batch(), widen(batch.x()), lengths,
                widen(initial.hidden()), initial.cell() == null ? null : widen(initial.cell()));
        int h = config.hiddenSize(), o = config.outputSize(), top = config.layers() - 1;
        for (int b = 0; b < batch.batch(); b++) {
            for (int s = 0; s < batch.steps(); s++) {
                boolean real = s < lengths[b];
                assertArrayEquals(real ? r.outputs()[b][s] : new double[o], row(p.outputs(), s * batch.batch() + b, o), "output");
                assertArrayEquals(real ? r.hidden()[top][b][s + 1] : new double[h], row(p.hidden(), s * batch.batch() + b, h), "hidden");
            }
            for (int l = 0; l <= top; l++) {
                assertArrayEquals(r.hidden()[l][b][lengths[b]], row(p.finalHidden()[l], b, h), "h_n");
                if (cell.hasCellState()) assertArrayEquals(r.cell()[l][b][lengths[b]], row(p.finalCell()[l], b, h), "c_n");
            }
        }
        if (!cell.hasCellState()) assertNull(p.finalCell());
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"GRU", "RNN_TANH"})
    void cellStatesOnlyForTheLstmAndShapesAreChecked(CellType cell) {
        NetworkConfig config = Fixtures.config(cell, 1, LossKind.MSE);
        ReferenceNetwork network = Fixtures.randomNetwork(config, SEED);
        double[] x = new double[2 * 3 * config.inputSize()];
        var e = assertThrows(IllegalArgumentException.class,
                () -> network.predict(2, 3, x, null, null, new double[][] {new double[3 * config.hiddenSize()]}));
        assertTrue(e.getMessage().contains("no cell state"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> network.predict(2, 3, new double[5], null, null, null));
        assertThrows(IllegalArgumentException.class, () -> network.predict(2, 3, x, new int[] {1, 2, 3}, null, null));
        assertThrows(IllegalArgumentException.class, () -> network.predict(2, 3, x, null, new double[][] {new double[2]}, null));
    }

    private static double[] row(double[] rows, int r, int width) {
        return java.util.Arrays.copyOfRange(rows, r * width, (r + 1) * width);
    }

    private static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    private static double[][] widen(float[][] rows) {
        double[][] d = new double[rows.length][];
        for (int l = 0; l < rows.length; l++) d[l] = widen(rows[l]);
        return d;
    }
}
