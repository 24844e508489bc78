package rnnlab.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import rnnlab.math.Rng;
import rnnlab.nn.Evaluation;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.SequenceBatch;

class AddingProblemTest {
    private static float value(SequenceBatch s, int t, int b) {
        return s.x()[(t * s.batch() + b) * 2];
    }

    private static float marker(SequenceBatch s, int t, int b) {
        return s.x()[(t * s.batch() + b) * 2 + 1];
    }

    @Test
    void batchHasTheDocumentedShape() {
        SequenceBatch s = new AddingProblem(50).sample(8, Rng.create(1));
        assertEquals(50, s.steps());
        assertEquals(8, s.batch());
        assertEquals(2, s.inputSize());
        assertNull(s.lengths());
        assertEquals(LossAt.LAST, s.targets().at());
        assertEquals(LossKind.MSE, s.targets().kind());
        assertEquals(1, s.targets().width());
        assertEquals(8, s.targets().values().length);
    }

    @Test
    void exactlyTwoMarkersOneInEachHalfAndTargetIsTheirSum() {
        for (int steps : new int[] {2, 7, 100}) {
            SequenceBatch s = new AddingProblem(steps).sample(200, Rng.create(steps));
            int half = steps / 2;
            for (int b = 0; b < s.batch(); b++) {
                int inFirst = 0, inSecond = 0;
                float sum = 0;
                for (int t = 0; t < steps; t++) {
                    float m = marker(s, t, b);
                    assertTrue(m == 0f || m == 1f, "marker " + m);
                    float v = value(s, t, b);
                    assertTrue(v >= 0f && v < 1f, "value " + v);
                    if (m == 1f) {
                        if (t < half) inFirst++;
                        else inSecond++;
                        sum += v; // first marker's value, then the second's: the sampler's order
                    }
                }
                assertEquals(1, inFirst, "markers in [0, T/2) of sequence " + b + ", T = " + steps);
                assertEquals(1, inSecond, "markers in [T/2, T) of sequence " + b + ", T = " + steps);
                assertEquals(sum, s.targets().values()[b], "target of sequence " + b);
            }
        }
    }

    @Test
    void predictingOneScoresTheBaselineOfOneSixth() {
        SequenceBatch s = new AddingProblem(20).sample(20_000, Rng.create(3));
        double sumSquares = 0;
        for (float y : s.targets().values()) sumSquares += (y - 1.0) * (y - 1.0);
        double mse = sumSquares / 20_000; // standard error about 0.0014
        assertEquals(0.1667, mse, 0.01);
        assertEquals(1.0 / 6, new AddingProblem(20).baselineMse(), 1e-15);
    }

    @Test
    void markerPositionsCoverEachHalf() {
        int steps = 10;
        SequenceBatch s = new AddingProblem(steps).sample(2_000, Rng.create(4));
        int[] counts = new int[steps];
        for (int b = 0; b < s.batch(); b++)
            for (int t = 0; t < steps; t++) if (marker(s, t, b) == 1f) counts[t]++;
        for (int t = 0; t < steps; t++) assertTrue(counts[t] > 300, "step " + t + " marked " + counts[t] + " times of ~400");
    }

    @Test
    void sameGeneratorStateGivesTheSameBatch() {
        AddingProblem task = new AddingProblem(30);
        SequenceBatch a = task.sample(16, Rng.create(99));
        SequenceBatch b = task.sample(16, Rng.create(99));
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.targets().values(), b.targets().values());

        RandomGenerator rng = Rng.create(99);
        task.sample(16, rng);
        assertFalse(Arrays.equals(a.x(), task.sample(16, rng).x()), "the generator advances");
    }

    @Test
    void solvedAtMseOfOneThousandthOrLess() {
        AddingProblem task = new AddingProblem(100);
        assertTrue(task.solved(evaluationWithMse(5e-4)));
        assertTrue(task.solved(1e-3));
        assertFalse(task.solved(evaluationWithMse(2e-3)));
        assertFalse(task.solved(task.baseline()));
        assertEquals(5e-4, task.metric(evaluationWithMse(5e-4)), 1e-15);
    }

    /** An evaluation of 100 sequences, one output each, with the given MSE (loss = ½ MSE). */
    private static Evaluation evaluationWithMse(double mse) {
        double sse = mse * 100;
        return new Evaluation(LossKind.MSE, sse / 2 / 100, 100, 100, 1, sse, sse / 2, 0);
    }

    @Test
    void describesItself() {
        AddingProblem task = new AddingProblem(100);
        assertEquals("adding", task.name());
        assertEquals(2, task.inputSize());
        assertEquals(1, task.outputSize());
        assertEquals(LossKind.MSE, task.lossKind());
        assertEquals(LossAt.LAST, task.lossAt());
    }

    @Test
    void rejectsTooShortSequencesAndEmptyBatches() {
        assertThrows(IllegalArgumentException.class, () -> new AddingProblem(1));
        assertThrows(IllegalArgumentException.class, () -> new AddingProblem(10).sample(0, Rng.create(1)));
    }
}
