package rnnlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import rnnlab.math.FixedProducts;

/**
 * The vector cells ({@link VectorLstmCell}, {@link VectorGruCell}) against the scalar ones, bit
 * for bit: one step forward and backward on the same random trace, with saturated gates, cell
 * states of every size and gradients that become subnormal, for blocks that start anywhere in
 * the batch. (The golden digests of {@link ThreadsOneBitIdenticalTest} run whole training steps
 * on them too, at H = 16.)
 */
class VectorCellsTest {
    private static final int STEPS = 3, BATCH = 7;

    static List<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (CellType type : new CellType[] {CellType.LSTM, CellType.LSTM_NO_FORGET, CellType.GRU}) {
            for (int lanes : new int[] {1, 2, 3, 8}) all.add(Arguments.of(type, lanes));
        }
        return all;
    }

    /** The scalar cell and its vector form. */
    private static Cell[] scalarAndVector(CellType type) {
        return switch (type) {
            case LSTM -> new Cell[] {new LstmCell(true), new VectorLstmCell(true)};
            case LSTM_NO_FORGET -> new Cell[] {new LstmCell(false), new VectorLstmCell(false)};
            case GRU -> new Cell[] {new GruCell(), new VectorGruCell()};
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    @ParameterizedTest(name = "{0}, H = {1} vectors")
    @MethodSource("cases")
    void oneStepGivesTheScalarCellsBits(CellType type, int lanes) {
        assumeTrue(FixedProducts.vectorAvailable(), FixedProducts.vectorUnavailableReason());
        int hidden = lanes * Lanes.S.length();
        LayerTrace expected = randomTrace(type, hidden), actual = randomTrace(type, hidden);
        float[] hiddenPre = new float[BATCH * type.gates() * hidden];
        fill(new Random(5), hiddenPre, 3f);
        Cell[] cells = scalarAndVector(type);
        Cell plain = cells[0], fast = cells[1];
        CellScratch scratch = new CellScratch(hidden);
        int t = 2;
        // blocks [0, 3), [3, 4), [4, 7): one starts inside the batch, one is a single row
        for (int[] block : new int[][] {{0, 3}, {3, 4}, {4, 7}}) {
            plain.forward(expected, t, block[0], block[1], hiddenPre, scratch);
            fast.forward(actual, t, block[0], block[1], hiddenPre, scratch);
        }
        assertSameBits(expected, actual, "forward");
        for (int[] block : new int[][] {{4, 7}, {0, 1}, {1, 4}}) {
            plain.backward(expected, t, block[0], block[1], scratch);
            fast.backward(actual, t, block[0], block[1], scratch);
        }
        assertSameBits(expected, actual, "backward");
        boolean flushed = false;
        for (float v : expected.dPreInput) flushed |= v == 0f;
        assertTrue(flushed, "no gradient was flushed: the test misses the subnormal path");
    }

    /**
     * States, pre-activations up to ±30 (saturated gates), incoming gradients whose scales reach
     * 1e-39 (products of them fall below float's normal range, which the cells flush to zero).
     */
    private static LayerTrace randomTrace(CellType type, int hidden) {
        LayerTrace tr = new LayerTrace(type, STEPS, BATCH, hidden, hidden);
        Random r = new Random(3);
        fill(r, tr.hidden, 1f);
        if (tr.cellState != null) fill(r, tr.cellState, 4f);
        fill(r, tr.gates, 10f);
        fill(r, tr.dHidden, 1e-2f);
        if (tr.dCell != null) fill(r, tr.dCell, 1e-2f);
        if (tr.hiddenProjection != null) fill(r, tr.hiddenProjection, 2f);
        for (int i = 0; i < tr.dHidden.length; i += 5) tr.dHidden[i] *= 1e-36f;
        return tr;
    }

    private static void fill(Random r, float[] a, float scale) {
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * scale);
    }

    private static void assertSameBits(LayerTrace expected, LayerTrace actual, String pass) {
        String[] names = {"hidden", "cellState", "gates", "hiddenProjection", "dHidden", "dCell", "dPreInput", "dPreHidden"};
        float[][] e = arrays(expected), a = arrays(actual);
        for (int k = 0; k < e.length; k++) {
            if (e[k] == null) continue;
            for (int i = 0; i < e[k].length; i++) {
                int eb = Float.floatToRawIntBits(e[k][i]), ab = Float.floatToRawIntBits(a[k][i]);
                if (eb != ab) throw new AssertionError(pass + ": " + names[k] + "[" + i + "] = " + a[k][i] + ", scalar cell " + e[k][i]);
            }
        }
    }

    private static float[][] arrays(LayerTrace tr) {
        return new float[][] {tr.hidden, tr.cellState, tr.gates, tr.hiddenProjection, tr.dHidden, tr.dCell, tr.dPreInput, tr.dPreHidden};
    }

    /** {@link Cell#of}: the vector cells where they fit, the scalar ones elsewhere and when asked. */
    @Test
    void theVectorCellsRunWhereTheyFit() {
        assumeTrue(FixedProducts.vectorAvailable(), FixedProducts.vectorUnavailableReason());
        int lanes = Lanes.S.length();
        assertInstanceOf(VectorLstmCell.class, Cell.of(CellType.LSTM, 8 * lanes));
        assertInstanceOf(VectorGruCell.class, Cell.of(CellType.GRU, lanes));
        assertInstanceOf(LstmCell.class, Cell.of(CellType.LSTM, lanes + 4));
        assertInstanceOf(GruCell.class, Cell.of(CellType.GRU, 3));
        assertInstanceOf(RnnCell.class, Cell.of(CellType.RNN_TANH, lanes));
        String before = System.getProperty(Cell.PROPERTY);
        System.setProperty(Cell.PROPERTY, "scalar");
        try {
            assertInstanceOf(LstmCell.class, Cell.of(CellType.LSTM, 8 * lanes));
            System.setProperty(Cell.PROPERTY, "fast");
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Cell.of(CellType.GRU, lanes));
            assertEquals("unknown rnnlab.cells value 'fast'; accepted: auto, scalar", e.getMessage());
        } finally {
            if (before == null) System.clearProperty(Cell.PROPERTY);
            else System.setProperty(Cell.PROPERTY, before);
        }
    }

    /**
     * Once C2 has compiled them, the vector cells allocate nothing: C2 boxes every vector of a
     * loop in which it left a method on vectors as a call (see {@link Lanes}), which a first
     * version did at 100 KB per step. Up to 20 s per cell for C2 on a busy machine.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void compiledVectorCellsAllocateNothing(CellType type) {
        assumeTrue(FixedProducts.vectorAvailable(), FixedProducts.vectorUnavailableReason());
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int hidden = 8 * Lanes.S.length();
        LayerTrace tr = randomTrace(type, hidden);
        float[] hiddenPre = new float[BATCH * type.gates() * hidden];
        float[] gates = tr.gates.clone(), dCell = tr.dCell == null ? null : tr.dCell.clone(), dHidden = tr.dHidden.clone();
        Cell cell = scalarAndVector(type)[1];
        CellScratch scratch = new CellScratch(hidden);
        long bytes;
        long deadline = System.nanoTime() + 20_000_000_000L;
        do {
            for (int j = 0; j < 3_000; j++) step(cell, tr, hiddenPre, scratch, gates, dCell, dHidden);
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int j = 0; j < 300; j++) step(cell, tr, hiddenPre, scratch, gates, dCell, dHidden);
            bytes = threads.getCurrentThreadAllocatedBytes() - before;
        } while (bytes > 0 && System.nanoTime() < deadline);
        assertEquals(0, bytes, "bytes allocated by 300 compiled steps");
    }

    static List<CellType> types() {
        return List.of(CellType.LSTM, CellType.GRU);
    }

    /** One step forward and backward on the whole batch, its inputs restored first (so values stay finite). */
    private static void step(Cell cell, LayerTrace tr, float[] hiddenPre, CellScratch scratch, float[] gates, float[] dCell, float[] dHidden) {
        System.arraycopy(gates, 0, tr.gates, 0, gates.length);
        System.arraycopy(dHidden, 0, tr.dHidden, 0, dHidden.length);
        if (dCell != null) System.arraycopy(dCell, 0, tr.dCell, 0, dCell.length);
        cell.forward(tr, 2, 0, BATCH, hiddenPre, scratch);
        cell.backward(tr, 2, 0, BATCH, scratch);
    }
}
