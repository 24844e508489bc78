package rnnlab.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnnlab.io.MalformedFileException;
import rnnlab.io.Npz;
import rnnlab.io.Tensor;
import rnnlab.math.Rng;
import rnnlab.nn.CellType;
import rnnlab.nn.Initialization;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.SequenceBatch;
import rnnlab.train.Clipping;
import rnnlab.train.RunSettings;
import rnnlab.train.TrainingRun;
import rnnlab.train.Truncation;

class NpzDataTest {
    @TempDir
    Path dir;

    /** x[n, t, i] = n + t/100 + i/1000: each value says where it came from. */
    static float[] coded(int n, int steps, int inputs) {
        float[] x = new float[n * steps * inputs];
        for (int s = 0; s < n; s++)
            for (int t = 0; t < steps; t++)
                for (int i = 0; i < inputs; i++) x[(s * steps + t) * inputs + i] = s + t / 100f + i / 1000f;
        return x;
    }

    private static Map<String, Tensor> arrays(Object... pairs) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (Tensor) pairs[i + 1]);
        return m;
    }

    /** The file's sequence of batch row b, read from x[t = 0]. */
    private static int sequenceOf(SequenceBatch s, int b) {
        return (int) Math.floor(s.x()[b * s.inputSize()] + 1e-3);
    }

    @Test
    void regressionAtTheLastStepLaysOutInputsTimeMajor() {
        float[] y = new float[40 * 2];
        for (int i = 0; i < y.length; i++) y[i] = i;
        NpzData task = NpzData.of("d.npz", arrays("x", Tensor.of(coded(40, 5, 3), 40, 5, 3), "y", Tensor.of(y, 40, 2)), 0.1, 0);
        assertEquals("data", task.name());
        assertEquals(5, task.steps());
        assertEquals(3, task.inputSize());
        assertEquals(2, task.outputSize());
        assertEquals(LossKind.MSE, task.lossKind());
        assertEquals(LossAt.LAST, task.lossAt());
        assertEquals("MSE", task.metricName());
        SequenceBatch s = task.sample(8, Rng.create(1));
        assertNull(s.lengths());
        for (int b = 0; b < 8; b++) {
            int n = sequenceOf(s, b);
            for (int t = 0; t < 5; t++)
                for (int i = 0; i < 3; i++) assertEquals(n + t / 100f + i / 1000f, s.x()[(t * 8 + b) * 3 + i]);
            assertEquals(2 * n, s.targets().values()[2 * b]);
            assertEquals(2 * n + 1, s.targets().values()[2 * b + 1]);
        }
    }

    @Test
    void aFloatVectorIsOneOutputAndDoublesAreRead() {
        double[] x = new double[20 * 4];
        double[] y = new double[20];
        for (int i = 0; i < x.length; i++) x[i] = i / 4;
        for (int i = 0; i < 20; i++) y[i] = 0.5 * i;
        NpzData task = NpzData.of("d.npz", arrays("x", Tensor.of(x, 20, 4, 1), "y", Tensor.of(y, 20)), 0.2, 0);
        assertEquals(1, task.outputSize());
        SequenceBatch s = task.sample(5, Rng.create(2));
        for (int b = 0; b < 5; b++) assertEquals(0.5f * sequenceOf(s, b), s.targets().values()[b]);
    }

    @Test
    void perStepRegressionWithLengthsPadsAndCutsTheBatchToItsLongest() {
        int n = 30, steps = 6;
        float[] y = new float[n * steps];
        for (int i = 0; i < y.length; i++) y[i] = i;
        int[] lengths = IntStream.range(0, n).map(s -> 1 + s % 4).toArray(); // 1..4: never T
        NpzData task = NpzData.of("d.npz", arrays("x", Tensor.of(coded(n, steps, 2), n, steps, 2),
                "y", Tensor.of(y, n, steps, 1), "lengths", Tensor.of(lengths, n)), 0.1, 0);
        assertEquals(LossAt.EVERY, task.lossAt());
        assertEquals(1, task.outputSize());
        SequenceBatch s = task.sample(6, Rng.create(3));
        int longest = 0;
        for (int b = 0; b < 6; b++) longest = Math.max(longest, s.lengths()[b]);
        assertEquals(longest, s.steps(), "as many steps as the longest sequence of the batch");
        assertTrue(s.steps() < steps);
        for (int b = 0; b < 6; b++) {
            int seq = sequenceOf(s, b);
            assertEquals(1 + seq % 4, s.lengths()[b]);
            for (int t = 0; t < s.steps(); t++) {
                boolean real = t < s.lengths()[b];
                assertEquals(real ? seq + t / 100f : 0f, s.x()[(t * 6 + b) * 2], "padding is zero");
                assertEquals(real ? seq * steps + t : 0f, s.targets().values()[t * 6 + b]);
            }
        }
    }

    @Test
    void integerLabelsAreClassesAtTheLastStepOrAtEveryStep() {
        int n = 50;
        long[] last = new long[n];
        for (int i = 0; i < n; i++) last[i] = i % 3;
        NpzData a = NpzData.of("d.npz", arrays("x", Tensor.of(coded(n, 4, 1), n, 4, 1), "y", Tensor.of(last, n)), 0.1, 0);
        assertEquals(LossKind.CROSS_ENTROPY, a.lossKind());
        assertEquals(LossAt.LAST, a.lossAt());
        assertEquals(3, a.outputSize(), "the largest label plus one");
        assertEquals("accuracy", a.metricName());
        assertTrue(a.higherIsBetter());
        SequenceBatch s = a.sample(10, Rng.create(4));
        for (int b = 0; b < 10; b++) assertEquals(sequenceOf(s, b) % 3, s.targets().classes()[b]);
        assertEquals(7, NpzData.of("d.npz", arrays("x", Tensor.of(coded(n, 4, 1), n, 4, 1), "y", Tensor.of(last, n)), 0.1, 7)
                .outputSize(), "the number of classes given");

        int[] every = new int[n * 4];
        int[] lengths = new int[n];
        for (int s2 = 0; s2 < n; s2++) {
            lengths[s2] = 2 + s2 % 3;
            for (int t = 0; t < 4; t++) every[s2 * 4 + t] = t < lengths[s2] ? (s2 + t) % 5 : -100;
        }
        NpzData e = NpzData.of("d.npz", arrays("x", Tensor.of(coded(n, 4, 1), n, 4, 1), "y", Tensor.of(every, n, 4),
                "lengths", Tensor.of(lengths, n)), 0.1, 0);
        assertEquals(LossAt.EVERY, e.lossAt());
        assertEquals(5, e.outputSize(), "labels at padded steps (-100) are ignored");
        SequenceBatch se = e.sample(10, Rng.create(5));
        for (int b = 0; b < 10; b++) {
            int seq = sequenceOf(se, b);
            for (int t = 0; t < se.lengths()[b]; t++) assertEquals((seq + t) % 5, se.targets().classes()[t * 10 + b]);
        }
    }

    @Test
    void theSplitIsASeededShuffleFixedForEveryRunAndDisjoint() {
        int n = 95;
        Map<String, Tensor> data = arrays("x", Tensor.of(coded(n, 3, 1), n, 3, 1), "y", Tensor.of(new float[n], n, 1));
        NpzData task = NpzData.of("d.npz", data, 0.1, 0);
        int[] train = task.trainingSequences(), held = task.validationSequences();
        assertEquals(10, held.length, "⌈0.1 · 95⌉");
        assertEquals(85, train.length);
        Set<Integer> all = new HashSet<>();
        for (int i : train) all.add(i);
        for (int i : held) assertTrue(all.add(i), "sequence " + i + " in both parts");
        assertEquals(n, all.size());
        assertArrayEquals(held, NpzData.of("d.npz", data, 0.1, 0).validationSequences(), "the same split every time");
        int[] sortedHeld = held.clone();
        Arrays.sort(sortedHeld);
        assertFalse(Arrays.equals(IntStream.range(85, 95).toArray(), sortedHeld), "shuffled, not the tail");

        Set<Integer> heldSet = new HashSet<>();
        for (int i : held) heldSet.add(i);
        var rng = Rng.create(6);
        for (int k = 0; k < 10; k++) {
            SequenceBatch s = task.sample(32, rng);
            Set<Integer> batch = new HashSet<>();
            for (int b = 0; b < 32; b++) {
                int seq = sequenceOf(s, b);
                assertFalse(heldSet.contains(seq), "training batch holds held-out sequence " + seq);
                assertTrue(batch.add(seq), "sequence " + seq + " twice in a batch");
            }
        }
        SequenceBatch v = task.validationSample(32, Rng.create(7));
        for (int b = 0; b < 32; b++) assertTrue(heldSet.contains(sequenceOf(v, b)), "validation from the held-out part");
    }

    @Test
    void baselineIsTheTrainingMeansMseOnTheHeldOutPart() {
        int n = 40;
        float[] y = new float[n * 2];
        for (int s = 0; s < n; s++) {
            y[2 * s] = s;
            y[2 * s + 1] = s % 2 == 0 ? 1 : -1;
        }
        NpzData task = NpzData.of("d.npz", arrays("x", Tensor.of(coded(n, 2, 1), n, 2, 1), "y", Tensor.of(y, n, 2)), 0.25, 0);
        double[] mean = new double[2];
        for (int s : task.trainingSequences()) {
            mean[0] += y[2 * s];
            mean[1] += y[2 * s + 1];
        }
        mean[0] /= 30;
        mean[1] /= 30;
        double sse = 0;
        for (int s : task.validationSequences())
            for (int o = 0; o < 2; o++) sse += Math.pow(y[2 * s + o] - mean[o], 2);
        assertEquals(sse / 20, task.baseline(), 1e-9);
    }

    @Test
    void baselineIsTheMostFrequentTrainingClassOnTheHeldOutPart() {
        int n = 100;
        int[] y = new int[n];
        for (int s = 0; s < n; s++) y[s] = s % 10 < 6 ? 2 : s % 3; // class 2 most frequent
        NpzData task = NpzData.of("d.npz", arrays("x", Tensor.of(coded(n, 2, 1), n, 2, 1), "y", Tensor.of(y, n)), 0.2, 0);
        long right = Arrays.stream(task.validationSequences()).filter(s -> y[s] == 2).count();
        assertEquals(right / 20.0, task.baseline(), 1e-12);
        assertTrue(task.baseline() > 0.4);
        Verdict v = task.verdict(null, java.util.List.of(), null);
        assertFalse(v.hasCriterion());
        assertTrue(v.summary().contains("memoryless baseline"), v.summary());
    }

    @Test
    void readsTheFileNumpyWouldWriteCompressedOrNot() throws Exception {
        Map<String, Tensor> data = arrays("x", Tensor.of(coded(12, 3, 2), 12, 3, 2), "y", Tensor.of(new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, 12),
                "lengths", Tensor.of(new long[] {3, 3, 2, 1, 3, 3, 3, 3, 3, 3, 3, 3}, 12));
        Path plain = dir.resolve("d.npz"), packed = dir.resolve("c.npz");
        Npz.write(plain, data);
        Npz.writeCompressed(packed, data);
        NpzData a = NpzData.load(plain, 0.25, 0), b = NpzData.load(packed, 0.25, 0);
        SequenceBatch sa = a.sample(4, Rng.create(1)), sb = b.sample(4, Rng.create(1));
        assertArrayEquals(sa.x(), sb.x());
        assertArrayEquals(sa.targets().classes(), sb.targets().classes());
        assertTrue(a.description().startsWith("data " + plain + ": 12 sequences of up to 3 steps × 2 inputs, 9 for training, 3 held out"),
                a.description());
    }

    @Test
    void nonFiniteValuesAreRefusedNamingTheArrayAndIndex() {
        float[] x = coded(5, 3, 2);
        x[(1 * 3 + 2) * 2 + 1] = Float.NaN;
        assertMessage("d.npz: x[1, 2, 1] is NaN; rnnlab refuses non-finite data",
                arrays("x", Tensor.of(x, 5, 3, 2), "y", Tensor.of(new float[5], 5, 1)));
        float[] y = new float[5 * 3];
        y[7] = Float.NEGATIVE_INFINITY;
        assertMessage("d.npz: y[2, 1, 0] is -Infinity", arrays("x", Tensor.of(coded(5, 3, 1), 5, 3, 1), "y", Tensor.of(y, 5, 3, 1)));
        double[] big = new double[5 * 3];
        big[4] = 1e300;
        assertMessage("d.npz: x[1, 1, 0] is 1.0E300, beyond float32's range",
                arrays("x", Tensor.of(big, 5, 3, 1), "y", Tensor.of(new float[5], 5)));
    }

    @Test
    void wrongShapesTypesAndRangesAreOneLineErrorsNamingTheArray() {
        Tensor x = Tensor.of(coded(6, 4, 1), 6, 4, 1);
        Tensor y = Tensor.of(new float[6], 6, 1);
        assertMessage("d.npz: x holds I32 values; save the inputs as float32 or float64",
                arrays("x", Tensor.of(new int[24], 6, 4, 1), "y", y));
        assertMessage("d.npz: x has shape [6, 4], not [N, T, I]", arrays("x", Tensor.of(new float[24], 6, 4), "y", y));
        assertMessage("d.npz: x has shape [6, 0, 1], with no sequences", arrays("x", Tensor.of(new float[0], 6, 0, 1), "y", y));
        assertMessage("d.npz: y has 5 rows for the 6 sequences of x", arrays("x", x, "y", Tensor.of(new float[5], 5, 1)));
        assertMessage("d.npz: y has shape [6, 3, 1], 3 steps where x has 4", arrays("x", x, "y", Tensor.of(new float[18], 6, 3, 1)));
        assertMessage("d.npz: y has integer shape [6, 4, 1]", arrays("x", x, "y", Tensor.of(new int[24], 6, 4, 1)));
        assertMessage("d.npz: y has shape [6, 4, 1, 1]", arrays("x", x, "y", Tensor.of(new float[24], 6, 4, 1, 1)));
        assertMessage("d.npz: no array 'y' (it holds x)", arrays("x", x));
        assertMessage("d.npz: no array 'x' (it holds y)", arrays("y", y));
        assertMessage("d.npz: array 'lenghts' is not one rnnlab reads", arrays("x", x, "y", y, "lenghts", Tensor.of(new int[6], 6)));
        assertMessage("d.npz: lengths[2] is 0, outside 1..4", arrays("x", x, "y", y, "lengths", Tensor.of(new int[] {1, 2, 0, 4, 4, 4}, 6)));
        assertMessage("d.npz: lengths[5] is 5, outside 1..4", arrays("x", x, "y", y, "lengths", Tensor.of(new int[] {1, 2, 3, 4, 4, 5}, 6)));
        assertMessage("d.npz: lengths has 5 entries for the 6 sequences", arrays("x", x, "y", y, "lengths", Tensor.of(new int[] {1, 2, 3, 4, 4}, 5)));
        assertMessage("d.npz: lengths is F32[6], not integers", arrays("x", x, "y", y, "lengths", Tensor.of(new float[6], 6)));
        assertMessage("d.npz: y[3] is -1, not a class index", arrays("x", x, "y", Tensor.of(new int[] {0, 1, 2, -1, 0, 1}, 6)));
        assertMessage("d.npz: every label in y is 0", arrays("x", x, "y", Tensor.of(new int[6], 6)));
        var e = assertThrows(IllegalArgumentException.class,
                () -> NpzData.of("d.npz", arrays("x", x, "y", Tensor.of(new int[] {0, 1, 2, 3, 0, 1}, 6)), 0.1, 3));
        assertEquals("d.npz: y[3] is 3, not below the 3 classes given", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NpzData.of("d.npz", arrays("x", x, "y", y), 0.1, 3));
        assertTrue(e.getMessage().startsWith("d.npz: a number of classes was given, but y holds F32 values"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NpzData.of("d.npz", arrays("x", x, "y", y), 1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> NpzData.of("d.npz", arrays("x", x, "y", y), 0.1, 1));
        e = assertThrows(IllegalArgumentException.class, () -> NpzData.of("d.npz", arrays("x", x, "y", y), 0.95, 0));
        assertTrue(e.getMessage().contains("leaves none for training"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NpzData.of("d.npz",
                arrays("x", Tensor.of(new float[4], 1, 4, 1), "y", Tensor.of(new float[1], 1)), 0.1, 0));
        assertTrue(e.getMessage().contains("at least 2 sequences"), e.getMessage());
    }

    @Test
    void missingAndDamagedFilesAreOneLineErrors() throws Exception {
        var e = assertThrows(IllegalArgumentException.class, () -> NpzData.load(dir.resolve("none.npz"), 0.1, 0));
        assertEquals("data file " + dir.resolve("none.npz") + " does not exist: give a .npz file with x [N, T, I] and y", e.getMessage());
        Path bad = Files.write(dir.resolve("bad.npz"), new byte[] {'P', 'K', 3, 4, 0});
        var m = assertThrows(MalformedFileException.class, () -> NpzData.load(bad, 0.1, 0));
        assertTrue(m.getMessage().startsWith(bad.toString()), m.getMessage());
    }

    private static void assertMessage(String start, Map<String, Tensor> arrays) {
        var e = assertThrows(IllegalArgumentException.class, () -> NpzData.of("d.npz", arrays, 0.1, 0));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    /** A tiny regression an LSTM fits in a few seconds: y = x at step 0 plus half of x at the last step. */
    @Test
    void lstmLearnsASmallRegressionFromAFile() throws Exception {
        int n = 1000, steps = 8;
        var rng = Rng.create(42);
        float[] x = new float[n * steps];
        float[] y = new float[n];
        for (int s = 0; s < n; s++) {
            for (int t = 0; t < steps; t++) x[s * steps + t] = (float) Rng.uniform(rng, -1, 1);
            y[s] = x[s * steps] + 0.5f * x[s * steps + steps - 1];
        }
        Path file = dir.resolve("reg.npz");
        Npz.write(file, arrays("x", Tensor.of(x, n, steps, 1), "y", Tensor.of(y, n, 1)));
        NpzData task = NpzData.load(file, 0.1, 0);
        assertEquals(5.0 / 12, task.baseline(), 0.1, "Var(y) = 1/3 + 1/12");
        RunSettings s = new RunSettings(CellType.LSTM, 16, 1, 300, 32, 1e-2f, "adam", 0, 0, "constant",
                Clipping.byNorm(1), Initialization.defaults(), Truncation.FULL, 1, 300, 100);
        TrainingRun.Result r = new TrainingRun(task, s).run(rec -> {});
        assertTrue(r.validationMetric() < 0.05 * task.baseline(),
                "validation MSE " + r.validationMetric() + " against the baseline " + task.baseline());
    }
}
