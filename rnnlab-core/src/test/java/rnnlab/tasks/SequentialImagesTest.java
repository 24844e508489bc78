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
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnnlab.io.MalformedFileException;
import rnnlab.math.Rng;
import rnnlab.nn.CellType;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.tasks.SequentialImages.Mode;

class SequentialImagesTest {
    @TempDir
    Path dir;

    private SequentialImages task(Mode mode, int train, int test, int held, boolean gzip) throws Exception {
        IdxFiles.write(dir, IdxFiles.cycling(train), IdxFiles.cycling(test), gzip);
        return SequentialImages.load(dir, mode, held, 7);
    }

    /** Which image sequence b of a pixel-mode batch holds, from the steps showing pixels 0 and 1. */
    private static int imageOf(SequenceBatch s, int b, int[] order) {
        int t0 = indexOf(order, 0), t1 = indexOf(order, 1);
        return IdxFiles.image(s.x()[t0 * s.batch() + b], s.x()[t1 * s.batch() + b]);
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
        throw new AssertionError(v + " not in the permutation");
    }

    @Test
    void rowModeShowsRowTAtStepTScaledToUnitInterval() throws Exception {
        SequentialImages task = task(Mode.ROWS, 300, 20, 50, true);
        assertEquals(28, task.steps());
        assertEquals(28, task.inputSize());
        assertEquals(10, task.outputSize());
        assertEquals(LossKind.CROSS_ENTROPY, task.lossKind());
        assertEquals(LossAt.LAST, task.lossAt());
        assertNull(task.permutation());
        SequenceBatch s = task.sample(40, Rng.create(3));
        assertEquals(LossAt.LAST, s.targets().at());
        for (int b = 0; b < 40; b++) {
            int n = IdxFiles.image(s.x()[b * 28], s.x()[b * 28 + 1]);
            for (int t = 0; t < 28; t++)
                for (int i = 0; i < 28; i++)
                    assertEquals(IdxFiles.pixel(n, t * 28 + i) / 255f, s.x()[(t * 40 + b) * 28 + i], "image " + n + " row " + t);
            assertEquals(task.trainLabel(n), s.targets().classes()[b]);
            assertEquals(n % 10, s.targets().classes()[b]);
        }
    }

    @Test
    void pixelModeShowsPixelsInReadingOrder() throws Exception {
        SequentialImages task = task(Mode.PIXELS, 300, 20, 50, false);
        assertEquals(784, task.steps());
        assertEquals(1, task.inputSize());
        int[] order = task.permutation();
        for (int t = 0; t < 784; t++) assertEquals(t, order[t]);
        SequenceBatch s = task.sample(16, Rng.create(4));
        for (int b = 0; b < 16; b++) {
            int n = IdxFiles.image(s.x()[b], s.x()[16 + b]);
            for (int t = 0; t < 784; t++) assertEquals(IdxFiles.pixel(n, t) / 255f, s.x()[t * 16 + b]);
            assertEquals(n % 10, s.targets().classes()[b]);
        }
    }

    @Test
    void permutedModeIsOneSeededPermutation() throws Exception {
        IdxFiles.write(dir, IdxFiles.cycling(300), IdxFiles.cycling(20), true);
        SequentialImages a = SequentialImages.load(dir, Mode.PERMUTED, 50, 7);
        SequentialImages again = SequentialImages.load(dir, Mode.PERMUTED, 50, 7);
        SequentialImages other = SequentialImages.load(dir, Mode.PERMUTED, 50, 8);
        int[] order = a.permutation();
        assertArrayEquals(order, again.permutation(), "same seed, same order");
        assertFalse(Arrays.equals(order, other.permutation()), "another seed, another order");
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 784; i++) assertEquals(i, sorted[i], "a permutation of the 784 pixels");
        int fixed = 0;
        for (int i = 0; i < 784; i++) if (order[i] == i) fixed++;
        assertTrue(fixed < 10, fixed + " fixed points: not shuffled");
        assertArrayEquals(Draws.permutation(784, Rng.create(7)), order, "Fisher–Yates on the seed's generator");

        SequenceBatch s = a.sample(12, Rng.create(5));
        for (int b = 0; b < 12; b++) {
            int n = imageOf(s, b, order);
            for (int t = 0; t < 784; t++) assertEquals(IdxFiles.pixel(n, order[t]) / 255f, s.x()[t * 12 + b]);
            assertEquals(n % 10, s.targets().classes()[b]);
        }
    }

    @Test
    void trainingAndValidationImagesAreDisjointAndDistinctWithinABatch() throws Exception {
        SequentialImages task = task(Mode.ROWS, 300, 20, 50, true);
        assertEquals(250, task.trainingImages());
        assertEquals(50, task.validationImages());
        assertEquals(20, task.testImages());
        Set<Integer> seen = new HashSet<>();
        var rng = Rng.create(6);
        for (int k = 0; k < 40; k++) {
            SequenceBatch s = task.sample(64, rng);
            Set<Integer> batch = new HashSet<>();
            for (int b = 0; b < 64; b++) {
                int n = IdxFiles.image(s.x()[b * 28], s.x()[b * 28 + 1]);
                assertTrue(n < 250, "training image " + n + " from the training part");
                assertTrue(batch.add(n), "image " + n + " twice in one batch");
                seen.add(n);
            }
        }
        assertEquals(250, seen.size(), "40 batches of 64 reach every training image");
        SequenceBatch v = task.validationSample(50, Rng.create(6));
        Set<Integer> held = new HashSet<>();
        for (int b = 0; b < 50; b++) {
            int n = IdxFiles.image(v.x()[b * 28], v.x()[b * 28 + 1]);
            assertTrue(n >= 250 && n < 300, "validation image " + n + " from the held-out tail");
            held.add(n);
        }
        assertEquals(50, held.size(), "a batch as large as the held-out part is all of it");
        SequenceBatch big = task.validationSample(80, Rng.create(6));
        for (int b = 0; b < 80; b++) assertTrue(IdxFiles.image(big.x()[b * 28], big.x()[b * 28 + 1]) >= 250);
    }

    @Test
    void sameGeneratorSameBatchAndPlainFilesReadAsGzipped() throws Exception {
        SequentialImages gz = task(Mode.ROWS, 120, 10, 20, true);
        Path plainDir = dir.resolve("plain");
        IdxFiles.write(plainDir, IdxFiles.cycling(120), IdxFiles.cycling(10), false);
        SequentialImages plain = SequentialImages.load(plainDir, Mode.ROWS, 20, 7);
        SequenceBatch a = gz.sample(32, Rng.create(9)), b = plain.sample(32, Rng.create(9));
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.targets().classes(), b.targets().classes());
        assertFalse(Arrays.equals(a.x(), gz.sample(32, Rng.create(10)).x()));
    }

    @Test
    void baselineIsTheMostFrequentTrainingClassOnTheHeldOutPartAndOnTheTest() throws Exception {
        int[] train = new int[100];
        for (int i = 0; i < 100; i++) train[i] = i < 80 ? (i % 4 == 0 ? 3 : i % 10) : (i < 90 ? 3 : 5);
        int[] test = {3, 3, 1, 2, 3, 4, 5, 6, 7, 8};
        IdxFiles.write(dir, train, test, true);
        SequentialImages task = SequentialImages.load(dir, Mode.ROWS, 20, 0);
        assertEquals(3, task.majorityClass());
        assertEquals(0.5, task.baseline(), 1e-12, "10 of the 20 held-out images are class 3");
        assertEquals(0.3, task.testBaseline(), 1e-12);
    }

    @Test
    void balancedClassesGiveTenPercent() throws Exception {
        SequentialImages task = task(Mode.ROWS, 200, 50, 100, false);
        assertEquals(0.1, task.baseline(), 1e-12);
        assertEquals(0.1, task.testBaseline(), 1e-12);
    }

    /** A network whose readout ignores its state and always answers {@code cls}. */
    private static RecurrentNetwork alwaysAnswering(SequentialImages task, int cls) {
        RecurrentNetwork net = new RecurrentNetwork(new NetworkConfig(CellType.LSTM, task.inputSize(), 4, 1, 10));
        Arrays.fill(net.parameter("readout.weight").value(), 0f);
        float[] bias = net.parameter("readout.bias").value();
        Arrays.fill(bias, 0f);
        bias[cls] = 1f;
        return net;
    }

    @Test
    void testClassifiesEveryTestImageInBatchesTheLastOnePadded() throws Exception {
        int[] test = new int[23];
        for (int i = 0; i < 23; i++) test[i] = i < 9 ? 4 : i % 4;
        IdxFiles.write(dir, IdxFiles.cycling(60), test, true);
        SequentialImages task = SequentialImages.load(dir, Mode.ROWS, 10, 0);
        SequentialImages.TestResult r = task.test(alwaysAnswering(task, 4), 10);
        assertEquals(23, r.images());
        assertEquals(9, r.correct(), "the 9 images of class 4 and no padding copy");
        assertEquals(9 / 23.0, r.accuracy(), 1e-12);
        SequenceBatch last = task.testBatch(20, 3, 10);
        for (int b = 0; b < 10; b++)
            assertEquals(b < 3 ? 20 + b : 20, IdxFiles.image(last.x()[b * 28], last.x()[b * 28 + 1]));
    }

    @Test
    void verdictIsTheTestAccuracyAgainst88PercentForRowsAndUncriterionedForPixels() throws Exception {
        int[] test = new int[30];
        Arrays.fill(test, 2);
        test[0] = 1;
        IdxFiles.write(dir, IdxFiles.cycling(60), test, true);
        SequentialImages rows = SequentialImages.load(dir, Mode.ROWS, 10, 0);
        List<SequenceBatch> validation = List.of(rows.validationSample(8, Rng.create(1)));
        Verdict v = rows.verdict(alwaysAnswering(rows, 2), validation, null);
        assertTrue(v.solved(), v.summary());
        assertEquals(30, v.judged());
        assertEquals(29, v.correct());
        assertEquals("solved: 29 of 30 (test accuracy ≥ 0.88 on the 30 test images)", v.summary());
        Verdict no = rows.verdict(alwaysAnswering(rows, 1), validation, null);
        assertFalse(no.solved());
        assertEquals(1, no.correct());

        SequentialImages pixels = SequentialImages.load(dir, Mode.PIXELS, 10, 0);
        Verdict p = pixels.verdict(alwaysAnswering(pixels, 2), List.of(pixels.validationSample(8, Rng.create(1))), null);
        assertFalse(p.solved());
        assertFalse(p.hasCriterion());
        assertEquals(30, p.judged());
        assertEquals(29, p.correct());
        assertTrue(p.summary().contains("0.9667"), p.summary());
    }

    @Test
    void missingFilesSayHowToInstallThem() throws Exception {
        var e = assertThrows(SequentialImages.NotFoundException.class,
                () -> SequentialImages.load(dir.resolve("nowhere"), Mode.ROWS, 10, 0));
        assertTrue(e.getMessage().startsWith("Fashion-MNIST not found in " + dir.resolve("nowhere") + " (no such directory): "
                + "install it with `sudo apt-get install dataset-fashion-mnist`, or give a directory of MNIST-format IDX files "
                + "(train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz]"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.message("give --data-dir DIR with").contains("or give --data-dir DIR with MNIST-format IDX files"));

        IdxFiles.write(dir, IdxFiles.cycling(60), IdxFiles.cycling(10), true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        var one = assertThrows(SequentialImages.NotFoundException.class, () -> SequentialImages.load(dir, Mode.ROWS, 10, 0));
        assertTrue(one.getMessage().contains("(no t10k-labels-idx1-ubyte[.gz])"), one.getMessage());
    }

    @Test
    void filesThatAreNotMnistsFormatAreRefusedNamingTheFile() throws Exception {
        IdxFiles.write(dir, IdxFiles.cycling(60), IdxFiles.cycling(10), false);
        Path images = dir.resolve("train-images-idx3-ubyte"), labels = dir.resolve("train-labels-idx1-ubyte");

        IdxFiles.writeImages(images, 60, 27, 28, false);
        assertMessage(images + ": images of shape [60, 27, 28], not 28 × 28 images [N, 28, 28]", Mode.ROWS, 10);
        IdxFiles.write(images, 0x0802, new int[] {60, 784}, new byte[60 * 784], false);
        assertMessage(images + ": images of shape [60, 784]", Mode.ROWS, 10);
        IdxFiles.write(images, 0x0D03, new int[] {1, 28, 28}, new byte[4 * 784], false);
        assertMessage(images + ": the images are F32, not MNIST's unsigned bytes", Mode.ROWS, 10);
        IdxFiles.writeImages(images, 60, 28, 28, false);

        IdxFiles.writeLabels(labels, IdxFiles.cycling(59), false);
        assertMessage(labels + ": 59 labels for the 60 images of train-images-idx3-ubyte", Mode.ROWS, 10);
        int[] bad = IdxFiles.cycling(60);
        bad[17] = 10;
        IdxFiles.writeLabels(labels, bad, false);
        assertMessage(labels + ": label 10 at index 17 is outside 0..9 (10 classes)", Mode.ROWS, 10);
        IdxFiles.writeLabels(labels, IdxFiles.cycling(60), false);

        Files.write(labels, new byte[] {1, 2, 3});
        var e = assertThrows(MalformedFileException.class, () -> SequentialImages.load(dir, Mode.ROWS, 10, 0));
        assertTrue(e.getMessage().startsWith(labels.toString()), e.getMessage());
    }

    @Test
    void theHeldOutPartMustLeaveTrainingImages() throws Exception {
        IdxFiles.write(dir, IdxFiles.cycling(60), IdxFiles.cycling(10), true);
        assertMessage(dir.resolve("train-images-idx3-ubyte.gz") + " holds 60 images: too few to hold out 60", Mode.PIXELS, 60);
        assertMessage("at least 1 image must be held out for validation, got 0", Mode.PIXELS, 0);
    }

    private void assertMessage(String start, Mode mode, int held) {
        var e = assertThrows(IllegalArgumentException.class, () -> SequentialImages.load(dir, mode, held, 0));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void debiansFashionMnistHasSixtyAndTenThousandBalancedImages() {
        Assumptions.assumeTrue(Files.isDirectory(SequentialImages.DEFAULT_DIRECTORY),
                "Debian's dataset-fashion-mnist is not installed");
        SequentialImages task = SequentialImages.fashionMnist(Mode.ROWS);
        assertEquals(60_000, task.trainingImages() + task.validationImages());
        assertEquals(5_000, task.validationImages());
        assertEquals(10_000, task.testImages());
        long[] train = new long[10], test = new long[10];
        for (int i = 0; i < 60_000; i++) train[task.trainLabel(i)]++;
        for (int i = 0; i < 10_000; i++) test[task.testLabel(i)]++;
        long[] sixThousand = new long[10], thousand = new long[10];
        Arrays.fill(sixThousand, 6_000);
        Arrays.fill(thousand, 1_000);
        assertArrayEquals(sixThousand, train, "Fashion-MNIST's training set: 6,000 of each class");
        assertArrayEquals(thousand, test, "its test set: 1,000 of each class");
        assertEquals(0.1, task.testBaseline(), 1e-12);
        assertEquals(0.1, task.baseline(), 0.02, "the held-out 5,000 are nearly balanced");
        SequenceBatch s = task.sample(8, Rng.create(1));
        for (float v : s.x()) assertTrue(v >= 0 && v <= 1);
    }
}
