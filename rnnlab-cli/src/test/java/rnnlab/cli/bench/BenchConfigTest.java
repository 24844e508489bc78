package rnnlab.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import rnnlab.nn.CellType;

class BenchConfigTest {

    @Test
    void aDefaultShapeKeepsItsTaskAndHeadWidth() {
        BenchConfig c = BenchConfig.parse(" 65, 256,32,100 ");
        assertEquals(new BenchConfig("char LM", 65, 256, 32, 100, 65), c);
        assertEquals(7, BenchConfig.parse("65,256,32,100,7").outputs());
        assertEquals(new BenchConfig("", 3, 4, 5, 6, 10), BenchConfig.parse("3,4,5,6"));
    }

    @Test
    void flopsFollowTheIssuesCount() {
        BenchConfig c = BenchConfig.parse("2,128,32,100");
        assertEquals(2.0 * 32 * 4 * 128 * 130 * 100, c.forwardFlops(CellType.LSTM));
        assertEquals(3 * 2.0 * 32 * 3 * 128 * 130 * 100, c.trainingFlops(CellType.GRU));
        assertEquals(3200, c.timeSteps());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2,128,32", "2,128,32,100,10,1", "2,x,32,100", "0,128,32,100", "2,128,32,100,1", "2;128;32;100"})
    void malformedShapesAreRejectedNamingTheForm(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchConfig.parse(spec));
        assertTrue(e.getMessage().contains("--config") && e.getMessage().contains("I,H,B,T"), e.getMessage());
    }

    @Test
    void statsAreMedianMinMax() {
        assertEquals(new Stats(3, 1, 9, 5), Stats.of(new double[] {9, 1, 3, 4, 2}));
        assertEquals(new Stats(2.5, 1, 4, 4), Stats.of(new double[] {4, 1, 2, 3}));
    }

    @Test
    void activationMinimumCountsWhatBackwardReads() {
        BenchConfig c = new BenchConfig("", 2, 8, 2, 5, 10);
        // LSTM: 4H gates per row, h and c for T+1 states, 10 head outputs per row
        assertEquals(4L * (10 * 32 + 6 * 2 * 8 * 2 + 10 * 10), ActivationMemory.minimumBytes(CellType.LSTM, c));
        assertEquals(4L * (10 * 24 + 6 * 2 * 8 + 10 * 8 + 10 * 10), ActivationMemory.minimumBytes(CellType.GRU, c));
        // the RNN's gate block is its state s_t: counted once, with the states
        assertEquals(4L * (6 * 2 * 8 + 10 * 10), ActivationMemory.minimumBytes(CellType.RNN_TANH, c));
    }
}
