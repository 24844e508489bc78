package rnnlab.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import rnnlab.math.Rng;
import rnnlab.nn.LossAt;
import rnnlab.nn.SequenceBatch;

class CopyTasksTest {
    @Test
    void copySequenceIsDataBlanksDelimiterBlanks() {
        int lag = 7;
        CopyMemory task = new CopyMemory(lag);
        SequenceBatch s = task.sample(50, Rng.create(1));
        assertEquals(lag + 20, s.steps());
        assertNull(s.lengths());
        assertEquals(LossAt.EVERY, s.targets().at());
        assertEquals(9, s.targets().width());
        for (int b = 0; b < s.batch(); b++) {
            for (int t = 0; t < s.steps(); t++) {
                int in = Rows.input(s, t, b);
                if (t < 10) assertTrue(in >= 0 && in < 8, "data symbol at " + t);
                else if (t == lag + 9) assertEquals(CopyMemory.DELIMITER, in);
                else assertEquals(CopyMemory.BLANK, in, "blank at " + t);
                int target = Rows.targetClass(s, t, b);
                if (t < lag + 10) assertEquals(CopyMemory.BLANK, target, "blank target at " + t);
                else assertEquals(Rows.input(s, t - lag - 10, b), target, "recall at " + t);
            }
        }
    }

    /**
     * The best predictor that knows the step index but remembers nothing: the empirical class
     * frequencies at each step; its cross-entropy is their entropy.
     */
    @Test
    void copyBaselineIsTheCrossEntropyOfTheMemorylessPredictor() {
        for (int lag : new int[] {5, 30}) {
            CopyMemory task = new CopyMemory(lag);
            SequenceBatch s = task.sample(20_000, Rng.create(lag));
            double total = 0;
            for (int t = 0; t < s.steps(); t++) {
                int[] counts = new int[9];
                for (int b = 0; b < s.batch(); b++) counts[Rows.targetClass(s, t, b)]++;
                total += entropyNats(counts, s.batch());
            }
            double perStep = total / s.steps();
            assertEquals(task.baseline(), perStep, 0.002 * task.baseline(), "T = " + lag);
            assertEquals(10 * Math.log(8) / (lag + 20), task.baseline(), 1e-15);
        }
        assertEquals(0.173, new CopyMemory(100).baseline(), 5e-4); // references.md
        assertEquals(0.0204, new CopyMemory(1000).baseline(), 5e-5);
    }

    @Test
    void variableCopyDelimiterWandersAndTheSequenceEndsAtItsRecall() {
        int maxBlanks = 12;
        VariableCopy task = new VariableCopy(maxBlanks);
        SequenceBatch s = task.sample(3_000, Rng.create(2));
        assertEquals(maxBlanks + 21, s.steps());
        int[] gaps = new int[maxBlanks + 1];
        for (int b = 0; b < s.batch(); b++) {
            int len = s.length(b), delimiter = len - 11, blanks = delimiter - 10;
            assertTrue(blanks >= 1 && blanks <= maxBlanks, "blanks " + blanks);
            gaps[blanks]++;
            for (int t = 0; t < s.steps(); t++) {
                int in = Rows.input(s, t, b);
                if (t >= len) assertEquals(-1, in, "padding is zero");
                else if (t < 10) assertTrue(in >= 0 && in < 8);
                else if (t == delimiter) assertEquals(CopyMemory.DELIMITER, in);
                else assertEquals(CopyMemory.BLANK, in);
                if (t >= len) continue;
                int target = Rows.targetClass(s, t, b);
                if (t <= delimiter) assertEquals(CopyMemory.BLANK, target);
                else assertEquals(Rows.input(s, t - delimiter - 1, b), target);
            }
        }
        for (int g = 1; g <= maxBlanks; g++) assertTrue(gaps[g] > 150, g + " blanks drawn " + gaps[g] + " times");
    }

    /**
     * The predictor that knows where the recall is (steps since the delimiter) but remembers no
     * data symbol: its cross-entropy, pooled over all scored steps, is the baseline.
     */
    @Test
    void variableCopyBaselineIsThatOfAContentMemorylessPredictor() {
        VariableCopy task = new VariableCopy(20);
        SequenceBatch s = task.sample(20_000, Rng.create(3));
        int[][] counts = new int[11][9]; // index: steps after the delimiter (1..10), 0 elsewhere
        long scored = 0;
        for (int b = 0; b < s.batch(); b++) {
            int delimiter = s.length(b) - 11;
            for (int t = 0; t < s.length(b); t++) {
                int phase = t > delimiter ? t - delimiter : 0;
                counts[phase][Rows.targetClass(s, t, b)]++;
                scored++;
            }
        }
        double total = 0;
        for (int[] c : counts) {
            int n = java.util.Arrays.stream(c).sum();
            total += n * entropyNats(c, n);
        }
        assertEquals(task.baseline(), total / scored, 0.003 * task.baseline());
        assertEquals(20 * Math.log(8) / (20 + 43), task.baseline(), 1e-15);
    }

    @Test
    void rejectsLagsBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new CopyMemory(0));
        assertThrows(IllegalArgumentException.class, () -> new VariableCopy(0));
    }

    static double entropyNats(int[] counts, int n) {
        double h = 0;
        for (int c : counts) if (c > 0) h -= (double) c / n * Math.log((double) c / n);
        return h;
    }
}
