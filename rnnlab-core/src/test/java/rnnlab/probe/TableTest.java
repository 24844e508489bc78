package rnnlab.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void csvWritesShortestNumbersEmptyNanAndNamedInfinities() {
        Table t = new Table.Builder()
                .add("lag", new int[] {0, 1, 2})
                .add("value", new double[] {0.25, 1e-40, Double.NaN})
                .add("log10", new double[] {-0.6, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY})
                .build();
        assertEquals("lag,value,log10\n0,0.25,-0.6\n1,1.0E-40,-Infinity\n2,,Infinity\n", t.toCsv());
        for (String cell : new String[] {"1.0E-40", "-Infinity", "Infinity"}) Double.parseDouble(cell);
        assertArrayEquals(new double[] {0.25, 1e-40, Double.NaN}, t.column("value"));
    }

    @Test
    void rowsMustMatchTheColumns() {
        assertThrows(IllegalArgumentException.class, () -> new Table(List.of("a", "b"), List.of(new double[] {1})));
        assertThrows(IllegalArgumentException.class, () -> new Table.Builder().add("a", new double[2]).add("b", new double[3]));
    }
}
