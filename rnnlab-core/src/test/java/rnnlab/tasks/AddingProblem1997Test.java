package rnnlab.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import rnnlab.math.Rng;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.SequenceBatch;

class AddingProblem1997Test {
    private static float value(SequenceBatch s, int t, int b) {
        return s.x()[(t * s.batch() + b) * 2];
    }

    private static float marker(SequenceBatch s, int t, int b) {
        return s.x()[(t * s.batch() + b) * 2 + 1];
    }

    @Test
    void lengthsRunFromTToTPlusATenth() {
        AddingProblem1997 task = new AddingProblem1997(100);
        assertEquals(110, task.steps());
        SequenceBatch s = task.sample(2_000, Rng.create(1));
        assertEquals(LossAt.LAST, s.targets().at());
        assertEquals(LossKind.MSE, s.targets().kind());
        int[] seen = new int[111];
        for (int b = 0; b < s.batch(); b++) seen[s.length(b)]++;
        for (int len = 100; len <= 110; len++) assertTrue(seen[len] > 100, "length " + len + " drawn " + seen[len] + " times");
    }

    @Test
    void markersWhereThePaperPutsThemAndTheTargetIsScaled() {
        int steps = 40;
        SequenceBatch s = new AddingProblem1997(steps).sample(3_000, Rng.create(2));
        int firstAtZero = 0;
        for (int b = 0; b < s.batch(); b++) {
            int len = s.length(b), marks = 0, x1 = -1, x2 = -1;
            for (int t = 0; t < s.steps(); t++) {
                float m = marker(s, t, b), v = value(s, t, b);
                if (t >= len) {
                    assertEquals(0f, m);
                    assertEquals(0f, v);
                    continue;
                }
                assertTrue(v >= -1f && v < 1f, "value " + v);
                if (m == 1f) {
                    marks++;
                    if (x1 < 0) x1 = t; else x2 = t;
                } else if (t == 0 || t == len - 1) {
                    assertEquals(-1f, m, "the first and last steps carry -1 unless marked");
                } else {
                    assertEquals(0f, m, "marker at step " + t);
                }
            }
            assertEquals(2, marks, "sequence " + b);
            assertTrue(x2 < steps / 2, "both marks in the first half");
            // One of the two lies in the first ten steps (X1); the other is X2.
            assertTrue(x1 < 10, "a mark among the first ten steps");
            if (x1 == 0 && value(s, 0, b) == 0f) firstAtZero++;
            float expected = 0.5f + (value(s, x1, b) + value(s, x2, b)) / 4f;
            assertEquals(expected, s.targets().values()[b], 1e-6f, "target of sequence " + b);
        }
        assertTrue(firstAtZero > 200, "X1 on the first step (value 0) about 1 in 10: " + firstAtZero);
    }

    @Test
    void predictingOneHalfScoresTheBaseline() {
        SequenceBatch s = new AddingProblem1997(20).sample(40_000, Rng.create(3));
        double sum = 0;
        for (float y : s.targets().values()) sum += (y - 0.5) * (y - 0.5);
        assertEquals(AddingProblem1997.BASELINE_MSE, sum / s.batch(), 0.001); // standard error ≈ 2e-4
        assertEquals(19.0 / 480, new AddingProblem1997(20).baseline(), 1e-15);
    }

    @Test
    void aSequenceIsCorrectWhenItsErrorIsBelowFourHundredths() {
        SequenceBatch s = new AddingProblem1997(20).sample(3, Rng.create(4));
        float[] y = s.targets().values();
        float[] out = {y[0] + 0.039f, y[1] - 0.041f, y[2]};
        boolean[] correct = {true, true, true};
        AddingProblem1997.judge(s, out, correct);
        assertArrayEquals(new boolean[] {true, false, true}, correct);
    }

    @Test
    void rejectsTooShortSequences() {
        assertThrows(IllegalArgumentException.class, () -> new AddingProblem1997(19));
    }
}
