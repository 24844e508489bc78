package rnnlab.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostStealTest {
    @Test
    void readsTheBusyTimeAndTheStealOfTheCpuLine() {
        HostSteal h = HostSteal.parse("cpu  8840166 39305 644803 5044450 7904 0 16985 352709 0 0").orElseThrow();
        assertEquals(8840166L + 39305 + 644803 + 0 + 16985 + 352709, h.busy(), "idle and iowait left out");
        assertEquals(352709, h.steal());
    }

    @Test
    void aLineWithoutTheStealColumnOrNotTheCpuLineGivesNothing() {
        assertTrue(HostSteal.parse("cpu  1 2 3 4 5 6 7").isEmpty(), "kernels before 2.6.11 have no steal column");
        assertTrue(HostSteal.parse("cpu0 1 2 3 4 5 6 7 8 0 0").isEmpty(), "one CPU's line, not the machine's");
        assertTrue(HostSteal.parse("cpu  1 2 x 4 5 6 7 8").isEmpty());
        assertTrue(HostSteal.parse("").isEmpty());
    }

    @Test
    void thePercentIsTheStolenShareOfTheBusyTimeBetweenTwoReadings() {
        HostSteal before = new HostSteal(1_000, 10), after = new HostSteal(1_400, 110);
        assertEquals(25.0, before.percentUntil(after), 1e-12);
        assertEquals(0.0, before.percentUntil(new HostSteal(1_200, 10)), 1e-12);
        assertTrue(Double.isNaN(before.percentUntil(before)), "no time passed");
        assertTrue(Double.isNaN(HostSteal.percent(Optional.empty(), Optional.of(after))));
        assertEquals(25.0, HostSteal.percent(Optional.of(before), Optional.of(after)), 1e-12);
    }

    @Test
    void thisMachineIsReadWhereItIsLinux() {
        Optional<HostSteal> now = HostSteal.now();
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/stat"))) {
            HostSteal h = now.orElseThrow();
            assertTrue(h.busy() > 0 && h.steal() >= 0 && h.steal() <= h.busy(), h.toString());
            assertTrue(HostSteal.now().orElseThrow().busy() >= h.busy(), "the counters only grow");
        }
    }
}
