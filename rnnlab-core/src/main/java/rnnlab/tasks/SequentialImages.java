package rnnlab.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import rnnlab.io.DType;
import rnnlab.io.Idx;
import rnnlab.io.MalformedFileException;
import rnnlab.io.Tensor;
import rnnlab.math.Rng;
import rnnlab.nn.Evaluation;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;

/**
 * Sequential image classification: 28 × 28 grey images of 10 classes, shown to the network one
 * row or one pixel per step, the class read at the last step. Made for Fashion-MNIST (Xiao, Rasul
 * &amp; Vollgraf 2017) as Debian's {@code dataset-fashion-mnist} installs it
 * ({@link #DEFAULT_DIRECTORY}); any directory of MNIST-format IDX files works, MNIST itself
 * included: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each plain or gzip-compressed
 * ({@code .gz}; the plain file is taken when both are there).
 *
 * <p>Modes ({@link Mode}):
 * <ul>
 *   <li>{@link Mode#ROWS}, {@code fmnist-rows}: T = 28 steps, I = 28 inputs, step t the image's
 *       row t: {@code x[(t·B + b)·28 + i] = pixel(row t, column i)};</li>
 *   <li>{@link Mode#PIXELS}, {@code fmnist-pixels}: T = 784 steps, I = 1, the pixels in reading
 *       order (row by row, each left to right): {@code x[t·B + b] = pixel(t / 28, t % 28)} (the
 *       "sequential MNIST" of Le, Jaitly &amp; Hinton 2015);</li>
 *   <li>{@link Mode#PERMUTED}, {@code fmnist-permuted}: as pixels, in the order of one fixed
 *       permutation drawn from its own seed ({@link #permutation()}: Fisher–Yates over a generator
 *       seeded with the permutation seed, so the same seed gives the same order on every machine):
 *       {@code x[t·B + b] = pixel number permutation[t]}. The permutation scatters neighbouring
 *       pixels over the whole sequence, so that the dependencies span hundreds of steps.</li>
 * </ul>
 * Pixel values, 0 to 255 in the files, are scaled to [0, 1] (v / 255), nothing else.
 *
 * <p>Targets: {@code Targets.classes(LossAt.LAST, y[B], 10)}, softmax cross-entropy at the last
 * step. The labels must lie in 0..9 and the images be 28 × 28 uint8; a file that breaks either, or
 * whose labels do not match its images in number, is a one-line error naming it.
 *
 * <p>The three parts: the last {@code validationImages} of the training file
 * ({@link #DEFAULT_VALIDATION_IMAGES} unless given) are held out for validation; training batches
 * come from the others (55,000 of Fashion-MNIST's 60,000); the test file (10,000) is used only by
 * {@link #verdict}, on the trained network.
 *
 * <p>How batches are drawn: each training batch is B images drawn uniformly from the training
 * part, distinct within the batch (the first B steps of a Fisher–Yates shuffle), independently of
 * the batches before it. This is sampling with replacement across batches rather than epochs of a
 * shuffled set: every image has the same chance in every batch, an "epoch" is 55,000 / B steps in
 * expectation (about 860 at B = 64), and a batch is a function of the data generator's state
 * alone, which a checkpoint saves, so a resumed run sees the same batches as one that never stopped
 * (an epoch cursor would be state outside the generator). Validation batches are drawn the same way
 * from the held-out part, so that the run's validation set of {@code --eval-size} images is a
 * seeded sample of it (it may hold an image twice when drawn in several batches).
 *
 * <p>Metric: accuracy (arg-max at the last step). Memoryless baseline: the accuracy of always
 * predicting the most frequent class of the training part (the lowest on ties), measured on the
 * held-out part ({@link #baseline()}) and on the test set ({@link TestResult#baseline()}): a
 * predictor that sees no pixel; 10 % for Fashion-MNIST's balanced classes (exactly 10 % on its
 * test set).
 *
 * <p>The test, and the criterion of success: {@link #verdict} classifies every test image
 * ({@link #test}) and reports the count right, which is the test accuracy that papers report. For
 * rows, solved at a test accuracy of at least {@link #SOLVED_ROWS_ACCURACY} = 0.88 (the issue's
 * target; references.md: row-wise Fashion-MNIST LSTM classifiers commonly reach about 88–90 %,
 * a figure from common practice, not from a peer-reviewed paper). Pixels and permuted pixels: no
 * criterion, since references.md knows no figure for Fashion-MNIST pixel by pixel (for MNIST:
 * LSTM 98.9 %, permuted 90.2 %, Cooijmans et al. 2017; IRNN 97.0 % / 82.0 %, Le et al. 2015); the
 * verdict then carries the test accuracy without a judgement. The criterion is Fashion-MNIST's:
 * on other files (MNIST), read the test accuracy instead. A run that stops once solved
 * ({@code TrainingRun.stopWhenSolved}) would stop on the test set, so the verdict classifies the
 * whole test set after every evaluation: use it for timing experiments, not for model selection.
 */
public final class SequentialImages implements Task {
    /** Where Debian's {@code dataset-fashion-mnist} installs the four files. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    /** Images held out at the end of the training file for validation, unless given. */
    public static final int DEFAULT_VALIDATION_IMAGES = 5_000;
    /** The seed of the permuted mode's permutation, unless given. */
    public static final long DEFAULT_PERMUTATION_SEED = 0;
    /** Rows: solved at this test accuracy or above. */
    public static final double SOLVED_ROWS_ACCURACY = 0.88;
    /** The number of classes. */
    public static final int CLASSES = 10;
    /** The images' side, in pixels. */
    public static final int SIDE = 28;
    /** Pixels per image. */
    public static final int PIXELS = SIDE * SIDE;

    /** The four files, without {@code .gz}: training images and labels, test images and labels. */
    static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    private static final float[] SCALE = new float[256];

    static {
        for (int v = 0; v < 256; v++) SCALE[v] = v / 255f;
    }

    /** How an image becomes a sequence. */
    public enum Mode {
        /** One row of 28 pixels per step: T = 28. */
        ROWS("fmnist-rows"),
        /** One pixel per step in reading order: T = 784. */
        PIXELS("fmnist-pixels"),
        /** One pixel per step in a seeded permuted order: T = 784. */
        PERMUTED("fmnist-permuted");

        private final String taskName;

        Mode(String taskName) {
            this.taskName = taskName;
        }

        /** The task's name on the command line. */
        public String taskName() {
            return taskName;
        }
    }

    /**
     * The directory lacks one of the four files (or does not exist). {@link #getMessage()} says how
     * to install Fashion-MNIST or to point to other files; {@link #message(String)} words the
     * second way as the caller likes (the command line names its flag).
     */
    public static final class NotFoundException extends IllegalArgumentException {
        private final Path directory;
        private final String missing;

        NotFoundException(Path directory, String missing) {
            super(message(directory, missing, "give a directory of"));
            this.directory = directory;
            this.missing = missing;
        }

        /** The message, with {@code alternative} before "MNIST-format IDX files (…)". */
        public String message(String alternative) {
            return message(directory, missing, alternative);
        }

        private static String message(Path directory, String missing, String alternative) {
            String what = missing == null ? "no such directory" : "no " + missing + "[.gz]";
            return "Fashion-MNIST not found in " + directory + " (" + what + "): install it with "
                    + "`sudo apt-get install dataset-fashion-mnist`, or " + alternative + " MNIST-format IDX files ("
                    + String.join("[.gz], ", FILES) + "[.gz])";
        }
    }

    /**
     * The network on the test set.
     *
     * @param images the test images
     * @param correct those classified right (arg-max)
     * @param baseline the memoryless predictor's accuracy on them (the training part's most frequent class)
     */
    public record TestResult(long images, long correct, double baseline) {
        /** correct / images. */
        public double accuracy() {
            return (double) correct / Math.max(1, images);
        }
    }

    private final Mode mode;
    private final String source;
    /** The training file's images, [N, 784] bytes (0..255); the last ones are the held-out part. */
    private final byte[] trainPixels;
    private final int[] trainLabels;
    private final int trainingCount;
    private final byte[] testPixels;
    private final int[] testLabels;
    /** The order pixels are shown in (pixel modes); null for rows. */
    private final int[] order;
    private final int majorityClass;
    private final double baseline;
    private final double testBaseline;

    private SequentialImages(Mode mode, String source, Images train, Images test, int validationImages, long permutationSeed) {
        this.mode = mode;
        this.source = source;
        this.trainPixels = train.pixels;
        this.trainLabels = train.labels;
        this.trainingCount = train.labels.length - validationImages;
        this.testPixels = test.pixels;
        this.testLabels = test.labels;
        this.order = switch (mode) {
            case ROWS -> null;
            case PIXELS -> identity();
            case PERMUTED -> Draws.permutation(PIXELS, Rng.create(permutationSeed));
        };
        long[] counts = new long[CLASSES];
        for (int i = 0; i < trainingCount; i++) counts[trainLabels[i]]++;
        int best = 0;
        for (int c = 1; c < CLASSES; c++) if (counts[c] > counts[best]) best = c;
        this.majorityClass = best;
        this.baseline = share(trainLabels, trainingCount, trainLabels.length, best);
        this.testBaseline = share(testLabels, 0, testLabels.length, best);
    }

    private static int[] identity() {
        int[] p = new int[PIXELS];
        for (int i = 0; i < PIXELS; i++) p[i] = i;
        return p;
    }

    private static double share(int[] labels, int from, int to, int cls) {
        long n = 0;
        for (int i = from; i < to; i++) if (labels[i] == cls) n++;
        return (double) n / Math.max(1, to - from);
    }

    /**
     * The task on the four IDX files of {@code directory}.
     *
     * @param validationImages images held out at the end of the training file, at least 1 and
     *     fewer than it holds
     * @param permutationSeed the seed of the pixel order ({@link Mode#PERMUTED} only)
     * @throws NotFoundException when the directory or one of the files is missing
     * @throws IllegalArgumentException (one line naming the file) for a file that is not MNIST's
     *     format, or a bad number of validation images
     */
    public static SequentialImages load(Path directory, Mode mode, int validationImages, long permutationSeed) {
        if (validationImages < 1)
            throw new IllegalArgumentException("at least 1 image must be held out for validation, got " + validationImages);
        if (!Files.isDirectory(directory)) throw new NotFoundException(directory, null);
        Path[] files = new Path[FILES.size()];
        for (int i = 0; i < files.length; i++) files[i] = find(directory, FILES.get(i));
        Images train = Images.read(files[0], files[1]);
        Images test = Images.read(files[2], files[3]);
        if (validationImages >= train.labels.length)
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s holds %,d images: too few to hold out %,d for validation and train on the rest; hold out fewer",
                    files[0], train.labels.length, validationImages));
        return new SequentialImages(mode, directory.toString(), train, test, validationImages, permutationSeed);
    }

    /** The task on Debian's Fashion-MNIST with the default split and permutation. */
    public static SequentialImages fashionMnist(Mode mode) {
        return load(DEFAULT_DIRECTORY, mode, DEFAULT_VALIDATION_IMAGES, DEFAULT_PERMUTATION_SEED);
    }

    private static Path find(Path directory, String name) {
        Path plain = directory.resolve(name), gz = directory.resolve(name + ".gz");
        if (Files.isRegularFile(plain)) return plain;
        if (Files.isRegularFile(gz)) return gz;
        throw new NotFoundException(directory, name);
    }

    /** One file pair: images [N, 784] as bytes, labels [N] in 0..9. */
    private record Images(byte[] pixels, int[] labels) {
        static Images read(Path imageFile, Path labelFile) {
            Tensor images = readIdx(imageFile);
            if (images.dtype() != DType.U8)
                throw new IllegalArgumentException(imageFile + ": the images are " + images.dtype()
                        + ", not MNIST's unsigned bytes (IDX type 0x08); give MNIST-format image files");
            int[] s = images.shape();
            if (s.length != 3 || s[1] != SIDE || s[2] != SIDE)
                throw new IllegalArgumentException(imageFile + ": images of shape " + Arrays.toString(s)
                        + ", not 28 × 28 images [N, 28, 28] as MNIST's; give MNIST-format image files");
            if (s[0] == 0) throw new IllegalArgumentException(imageFile + ": the file holds no images; give MNIST-format image files");
            float[] values = images.asFloats();
            byte[] pixels = new byte[values.length];
            for (int i = 0; i < values.length; i++) pixels[i] = (byte) (int) values[i];

            Tensor labelTensor = readIdx(labelFile);
            if (!labelTensor.dtype().isInteger() || labelTensor.rank() != 1)
                throw new IllegalArgumentException(labelFile + ": labels of " + labelTensor
                        + ", not integer labels [N] as MNIST's; give MNIST-format label files");
            int[] labels = labelTensor.asInts();
            if (labels.length != s[0])
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %,d labels for the %,d images of %s; "
                        + "give the label file that goes with the images", labelFile, labels.length, s[0], imageFile.getFileName()));
            for (int i = 0; i < labels.length; i++)
                if (labels[i] < 0 || labels[i] >= CLASSES)
                    throw new IllegalArgumentException(labelFile + ": label " + labels[i] + " at index " + i
                            + " is outside 0..9 (10 classes); give MNIST-format label files");
            return new Images(pixels, labels);
        }

        private static Tensor readIdx(Path file) {
            try {
                return Idx.read(file);
            } catch (MalformedFileException e) {
                throw e;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
            }
        }
    }

    @Override
    public String name() {
        return mode.taskName();
    }

    /** Rows, pixels or permuted pixels. */
    public Mode mode() {
        return mode;
    }

    /** The directory the images came from. */
    public String source() {
        return source;
    }

    /** Images batches are drawn from: the training file's, less the held-out part. */
    public int trainingImages() {
        return trainingCount;
    }

    /** Images held out for validation: the training file's last ones. */
    public int validationImages() {
        return trainLabels.length - trainingCount;
    }

    /** Images of the test file. */
    public int testImages() {
        return testLabels.length;
    }

    /** The class of training-file image {@code i} (0-based; the held-out part is at the end). */
    public int trainLabel(int i) {
        return trainLabels[i];
    }

    /** The class of test image {@code i}. */
    public int testLabel(int i) {
        return testLabels[i];
    }

    /**
     * The order pixels are shown in: step t shows pixel number {@code permutation()[t]} (row-major,
     * row · 28 + column). The identity for {@link Mode#PIXELS}; null for rows.
     */
    public int[] permutation() {
        return order == null ? null : order.clone();
    }

    /** 28 for rows, 784 for pixels. */
    @Override
    public int steps() {
        return mode == Mode.ROWS ? SIDE : PIXELS;
    }

    /** 28 for rows, 1 for pixels. */
    @Override
    public int inputSize() {
        return mode == Mode.ROWS ? SIDE : 1;
    }

    @Override
    public int outputSize() {
        return CLASSES;
    }

    @Override
    public LossKind lossKind() {
        return LossKind.CROSS_ENTROPY;
    }

    @Override
    public LossAt lossAt() {
        return LossAt.LAST;
    }

    /** B images of the training part, distinct, uniformly. */
    @Override
    public SequenceBatch sample(int batch, RandomGenerator rng) {
        OneHot.checkBatch(batch);
        return batchOf(trainPixels, trainLabels, Draws.indices(trainingCount, batch, rng), 0);
    }

    /** B images of the held-out part, distinct, uniformly. */
    @Override
    public SequenceBatch validationSample(int batch, RandomGenerator rng) {
        OneHot.checkBatch(batch);
        return batchOf(trainPixels, trainLabels, Draws.indices(validationImages(), batch, rng), trainingCount);
    }

    /** The images {@code offset + index[b]} of {@code pixels} as a batch, in this task's layout. */
    private SequenceBatch batchOf(byte[] pixels, int[] labels, int[] index, int offset) {
        int batch = index.length, steps = steps(), inputs = inputSize();
        float[] x = new float[Math.multiplyExact(steps * inputs, batch)];
        int[] y = new int[batch];
        for (int b = 0; b < batch; b++) {
            int image = offset + index[b];
            int base = image * PIXELS;
            y[b] = labels[image];
            if (order == null) {
                for (int t = 0; t < SIDE; t++)
                    for (int i = 0; i < SIDE; i++)
                        x[(t * batch + b) * SIDE + i] = SCALE[pixels[base + t * SIDE + i] & 0xFF];
            } else {
                for (int t = 0; t < PIXELS; t++) x[t * batch + b] = SCALE[pixels[base + order[t]] & 0xFF];
            }
        }
        return new SequenceBatch(steps, batch, inputs, x, null, Targets.classes(LossAt.LAST, y, CLASSES));
    }

    /**
     * Test images {@code from .. from+count-1} as one batch of {@code batch} sequences (the rest, if
     * count &lt; batch, repeat image {@code from}: a network keeps its buffers at one batch size).
     */
    SequenceBatch testBatch(int from, int count, int batch) {
        int[] index = new int[batch];
        for (int b = 0; b < batch; b++) index[b] = b < count ? from + b : from;
        return batchOf(testPixels, testLabels, index, 0);
    }

    /**
     * Classifies every test image (arg-max of the last step's outputs), in batches of {@code batch};
     * changes the network's traces, not its weights.
     */
    public TestResult test(RecurrentNetwork network, int batch) {
        OneHot.checkBatch(batch);
        long correct = 0;
        for (int from = 0; from < testLabels.length; from += batch) {
            int count = Math.min(batch, testLabels.length - from);
            network.forward(testBatch(from, count, batch));
            float[] out = network.outputs();
            for (int b = 0; b < count; b++)
                if (SequenceJudge.argMax(out, b * CLASSES, CLASSES) == testLabels[from + b]) correct++;
        }
        return new TestResult(testLabels.length, correct, testBaseline);
    }

    /** The training part's most frequent class (the memoryless predictor's answer). */
    public int majorityClass() {
        return majorityClass;
    }

    /** The memoryless predictor's accuracy on the test set (the training part's most frequent class). */
    public double testBaseline() {
        return testBaseline;
    }

    /** The memoryless predictor's accuracy on the held-out part (what the validation metric is compared with). */
    @Override
    public double baseline() {
        return baseline;
    }

    /**
     * The test accuracy ({@link #test} in batches of the validation set's size): for rows, solved
     * at {@link #SOLVED_ROWS_ACCURACY} or above; for pixels, no criterion. Either way the verdict
     * counts the test images ({@link Verdict#judged()}) and those right ({@link Verdict#correct()}).
     */
    @Override
    public Verdict verdict(RecurrentNetwork network, List<SequenceBatch> validation, Evaluation evaluation) {
        int batch = validation.isEmpty() ? 64 : validation.getFirst().batch();
        TestResult r = test(network, batch);
        if (mode == Mode.ROWS)
            return Verdict.atLeast(SOLVED_ROWS_ACCURACY, r.images(), r.correct(),
                    String.format(Locale.ROOT, "test accuracy ≥ %.2f on the %,d test images", SOLVED_ROWS_ACCURACY, r.images()));
        return Verdict.counted(r.images(), r.correct(), String.format(Locale.ROOT,
                "compare the test accuracy, %.4f on the %,d test images, with the baseline %.4f", r.accuracy(), r.images(), r.baseline()));
    }

    /** One line on the data, for the command line. */
    public String description() {
        String layout = switch (mode) {
            case ROWS -> "a row of 28 pixels per step, T = 28";
            case PIXELS -> "a pixel per step, T = 784";
            case PERMUTED -> "a pixel per step in a seeded permuted order, T = 784";
        };
        return String.format(Locale.ROOT, "images %s: %,d for training, %,d held out for validation, %,d for the test; %s",
                source, trainingCount, validationImages(), testLabels.length, layout);
    }
}
