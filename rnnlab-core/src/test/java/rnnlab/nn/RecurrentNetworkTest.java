package rnnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import rnnlab.math.Blas;

class RecurrentNetworkTest {

    @ParameterizedTest
    @EnumSource(CellType.class)
    void parametersHavePyTorchNamesShapesAndOrder(CellType cell) {
        NetworkConfig config = new NetworkConfig(cell, 3, 5, 2, 4);
        RecurrentNetwork net = new RecurrentNetwork(config, Blas.get());
        Map<String, int[]> expected = config.parameterShapes();
        List<Parameter> params = net.parameters();
        assertEquals(List.copyOf(expected.keySet()), params.stream().map(Parameter::name).toList());
        for (Parameter p : params) assertArrayEquals(expected.get(p.name()), p.shape(), p.name());
        assertArrayEquals(new int[] {cell.gates() * 5, 3}, net.parameter("weight_ih_l0").shape());
        long scalars = params.stream().mapToLong(Parameter::size).sum();
        assertEquals(config.parameterCount(), scalars);
    }

    @Test
    void mismatchedBatchesAreRefusedWithTheReason() {
        RecurrentNetwork net = new RecurrentNetwork(new NetworkConfig(CellType.LSTM, 2, 4, 1, 1), Blas.get());
        SequenceBatch wrongInputs = new SequenceBatch(3, 1, 3, new float[9], null, null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> net.forward(wrongInputs)).getMessage().contains("inputs"));
        SequenceBatch wrongTargets = new SequenceBatch(3, 1, 2, new float[6], null, Targets.values(LossAt.LAST, new float[2], 2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> net.forward(wrongTargets)).getMessage().contains("outputs"));
        assertThrows(IllegalArgumentException.class, () -> net.parameter("weight_xx_l0"));
    }

    @Test
    void backwardNeedsAForwardPassWithTargets() {
        RecurrentNetwork net = new RecurrentNetwork(new NetworkConfig(CellType.GRU, 2, 4, 1, 1), Blas.get());
        assertThrows(IllegalStateException.class, net::backward);
        assertNull(net.forward(new SequenceBatch(3, 2, 2, new float[12], null, null)));
        assertEquals(3 * 2 * 1, net.outputs().length); // no targets: outputs at every step
        assertThrows(IllegalStateException.class, net::backward);
    }

    @Test
    void paddedStepsCarryTheStateUnchanged() {
        RecurrentNetwork net = new RecurrentNetwork(new NetworkConfig(CellType.LSTM, 1, 3, 1, 1), Blas.get());
        for (Parameter p : net.parameters()) java.util.Arrays.fill(p.value(), 0.3f);
        float[] x = {1, 1, 1, 1, 1, 1, 1, 1}; // T = 4, B = 2
        net.forward(new SequenceBatch(4, 2, 1, x, new int[] {4, 2}, null));
        LayerTrace tr = net.trace(0);
        for (int t = 3; t <= 4; t++)
            for (int j = 0; j < 3; j++) {
                assertEquals(tr.hidden()[tr.stateOffset(2, 1) + j], tr.hidden()[tr.stateOffset(t, 1) + j]);
                assertEquals(tr.cell()[tr.stateOffset(2, 1) + j], tr.cell()[tr.stateOffset(t, 1) + j]);
            }
        assertArrayEquals(java.util.Arrays.copyOfRange(tr.hidden(), tr.stateOffset(4, 0), tr.stateOffset(4, 0) + 6),
                net.finalState().hidden(0));
    }
}
