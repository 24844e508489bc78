package rnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    private static final float LR = 1e-3f;

    @Test
    void constantNeverChanges() {
        var s = LearningRateSchedule.parse("constant", LR, 100);
        assertEquals(LR, s.at(0));
        assertEquals(LR, s.at(1_000_000));
    }

    @Test
    void stepHalvesEveryThousandSteps() {
        var s = LearningRateSchedule.parse("step:1000:0.5", LR, 10_000);
        assertEquals(LR, s.at(0));
        assertEquals(LR, s.at(999));
        assertEquals(LR / 2, s.at(1000), 1e-12f);
        assertEquals(LR / 4, s.at(2500), 1e-12f);
    }

    @Test
    void cosineFollowsPyTorchsClosedForm() {
        var s = LearningRateSchedule.parse("cosine", LR, 100);
        assertEquals(LR, s.at(0));
        // lr·(1 + cos(π/4))/2 = 1e-3 · 0.853553
        assertEquals(8.535534e-4f, s.at(25), 1e-10f);
        assertEquals(LR / 2, s.at(50), 1e-10f);
        assertEquals(0f, s.at(100), 1e-12f);
        assertEquals(0f, s.at(150), 1e-12f); // stays at the minimum after the end
    }

    @Test
    void cosineWithMinimumEndsThere() {
        var s = LearningRateSchedule.parse("cosine:1e-4", LR, 100);
        assertEquals(5.5e-4f, s.at(50), 1e-10f); // 1e-4 + 9e-4 · 1/2
        assertEquals(1e-4f, s.at(100), 1e-10f);
    }

    @Test
    void warmupRisesLinearlyThenHandsOver() {
        var s = LearningRateSchedule.parse("constant,warmup:4", LR, 100);
        assertEquals(LR / 4, s.at(0), 1e-12f);
        assertEquals(LR / 2, s.at(1), 1e-12f);
        assertEquals(LR, s.at(3), 1e-12f);
        assertEquals(LR, s.at(4));
    }

    @Test
    void cosineAfterWarmupAnnealsOverTheRemainingSteps() {
        var s = LearningRateSchedule.parse("cosine,warmup:10", LR, 110);
        assertEquals(LR / 10, s.at(0), 1e-12f);
        assertEquals(LR, s.at(10));
        assertEquals(LR / 2, s.at(60), 1e-10f);
        assertEquals(0f, s.at(110), 1e-12f);
    }

    @Test
    void specRoundTrips() {
        for (String spec : new String[] {"constant", "step:1000:0.5", "cosine", "cosine:1.0E-5", "cosine,warmup:10"}) {
            var s = LearningRateSchedule.parse(spec, LR, 1000);
            assertEquals(s, LearningRateSchedule.parse(s.spec(), LR, 1000), spec);
        }
    }

    @Test
    void rejectsUnknownFormsNamingTheAcceptedOnes() {
        for (String bad : new String[] {"linear", "step:10", "step:a:0.5", "cosine,warm:3", "", "constant:1"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse(bad, LR, 100), bad);
            assertTrue(e.getMessage().contains("step:EVERY:GAMMA"), e.getMessage());
        }
    }

    @Test
    void rejectsBadNumbers() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("step:0:0.5", LR, 100));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("cosine", LR, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("cosine:0.1", LR, 100));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("constant", 0f, 100));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(LR).at(-1));
    }
}
