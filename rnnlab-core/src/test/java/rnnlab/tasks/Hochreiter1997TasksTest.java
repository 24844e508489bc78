package rnnlab.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import rnnlab.math.Rng;
import rnnlab.nn.LossAt;
import rnnlab.nn.SequenceBatch;

/** The noise-free long-lag task (experiment 2a) and the temporal order tasks (6a, 6b). */
class Hochreiter1997TasksTest {
    @Test
    void longLagSequencesAreTheTwoOfThePaper() {
        int p = 10;
        NoiseFreeLongLag task = new NoiseFreeLongLag(p);
        SequenceBatch s = task.sample(400, Rng.create(1));
        assertEquals(p, s.steps());
        assertEquals(p + 1, s.inputSize());
        int xs = 0;
        for (int b = 0; b < s.batch(); b++) {
            int key = Rows.input(s, 0, b);
            assertTrue(key == task.x() || key == task.y(), "first symbol x or y");
            if (key == task.x()) xs++;
            for (int t = 1; t < p; t++) assertEquals(t - 1, Rows.input(s, t, b), "a_" + t + " at step " + t);
            for (int t = 0; t < p - 1; t++) assertEquals(Rows.input(s, t + 1, b), Rows.targetClass(s, t, b), "next symbol");
            assertEquals(key, Rows.targetClass(s, p - 1, b), "the last target repeats the first symbol");
        }
        assertTrue(xs > 150 && xs < 250, "x and y equally likely: " + xs + " of 400");
    }

    @Test
    void longLagBaselineIsOneUncertainStepInP() {
        int p = 12;
        NoiseFreeLongLag task = new NoiseFreeLongLag(p);
        SequenceBatch s = task.sample(20_000, Rng.create(2));
        double total = 0;
        for (int t = 0; t < p; t++) {
            int[] counts = new int[p + 1];
            for (int b = 0; b < s.batch(); b++) counts[Rows.targetClass(s, t, b)]++;
            total += CopyTasksTest.entropyNats(counts, s.batch());
        }
        assertEquals(task.baseline(), total / p, 0.002);
        assertEquals(Math.log(2) / p, task.baseline(), 1e-15);
    }

    @Test
    void temporalOrderAtOneHundredUsesThePapersRanges() {
        TemporalOrder a = TemporalOrder.twoSymbols(100), b = TemporalOrder.threeSymbols(100);
        assertArrayEquals(new int[] {10, 20}, a.positionRange(0));
        assertArrayEquals(new int[] {50, 60}, a.positionRange(1));
        assertArrayEquals(new int[] {10, 20}, b.positionRange(0));
        assertArrayEquals(new int[] {33, 43}, b.positionRange(1));
        assertArrayEquals(new int[] {66, 76}, b.positionRange(2));
        assertEquals(110, a.steps());
        assertEquals(4, a.outputSize());
        assertEquals(8, b.outputSize());
    }

    @Test
    void temporalOrderSymbolsSitWhereTheDefinitionPutsThem() {
        for (TemporalOrder task : new TemporalOrder[] {TemporalOrder.twoSymbols(100), TemporalOrder.threeSymbols(100),
                TemporalOrder.twoSymbols(20), TemporalOrder.threeSymbols(30)}) {
            int n = task.relevantSymbols(), classes = task.outputSize();
            SequenceBatch s = task.sample(4_000, Rng.create(task.minLength() + n));
            assertEquals(LossAt.LAST, s.targets().at());
            int[] perClass = new int[classes];
            for (int b = 0; b < s.batch(); b++) {
                int len = s.length(b);
                assertTrue(len >= task.minLength() && len <= task.minLength() + task.minLength() / 10, "length " + len);
                assertEquals(TemporalOrder.START, Rows.input(s, 0, b));
                assertEquals(TemporalOrder.TRIGGER, Rows.input(s, len - 1, b));
                int cls = 0, found = 0;
                for (int t = 1; t < len - 1; t++) {
                    int sym = Rows.input(s, t, b);
                    if (sym == TemporalOrder.X || sym == TemporalOrder.Y) {
                        int[] r = task.positionRange(found);
                        assertTrue(t + 1 >= r[0] && t + 1 <= r[1], "relevant symbol " + found + " at position " + (t + 1));
                        cls = cls << 1 | (sym == TemporalOrder.Y ? 1 : 0);
                        found++;
                    } else {
                        assertTrue(sym >= 0 && sym < 4, "distractor at " + t + ": " + sym);
                    }
                }
                for (int t = len; t < s.steps(); t++) assertEquals(-1, Rows.input(s, t, b), "padding");
                assertEquals(n, found);
                assertEquals(cls, s.targets().classes()[b], "class from the order of X and Y");
                perClass[cls]++;
            }
            // Every class equally likely: a memoryless guess is right 1/classes of the time.
            for (int c = 0; c < classes; c++)
                assertEquals(1.0 / classes, perClass[c] / 4000.0, 0.03, task.name() + " class " + c);
            assertEquals(1.0 / classes, task.baseline(), 1e-15);
        }
    }

    @Test
    void aClassificationIsCorrectWhenEveryErrorIsBelowPointThree() {
        TemporalOrder task = TemporalOrder.twoSymbols(20);
        SequenceBatch s = task.sample(2, Rng.create(5));
        int c0 = s.targets().classes()[0], c1 = s.targets().classes()[1];
        float[] out = new float[8];
        out[c0] = 2f;                            // p = e²/(e² + 3) ≈ 0.711 > 0.7
        out[4 + c1] = 1.5f;                      // p = e^1.5/(e^1.5 + 3) ≈ 0.599 < 0.7, though the arg-max
        boolean[] correct = {true, true};
        TemporalOrder.judge(s, out, correct);
        assertArrayEquals(new boolean[] {true, false}, correct);
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new NoiseFreeLongLag(1));
        assertThrows(IllegalArgumentException.class, () -> TemporalOrder.twoSymbols(19));
        assertThrows(IllegalArgumentException.class, () -> new TemporalOrder(4, 100));
    }
}
