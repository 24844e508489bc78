package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GradflowReadingsTest {
    @Test
    void ratiosReadAsPowersOfTenOrPlainNumbers() {
        assertEquals("10^-12.0", GradflowReadings.survival(1e-12));
        assertEquals("0.50", GradflowReadings.survival(0.5));
        assertEquals("exactly 0 (flushed: it vanished)", GradflowReadings.survival(0));
        assertEquals("undefined", GradflowReadings.survival(Double.NaN));
        assertEquals("10^3.5", GradflowReadings.power(3.5));
        assertEquals("0", GradflowReadings.power(Double.NEGATIVE_INFINITY));
    }
}
