package rnnlab.tasks;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import rnnlab.io.DType;
import rnnlab.io.MalformedFileException;
import rnnlab.io.Npz;
import rnnlab.io.Tensor;
import rnnlab.math.Rng;
import rnnlab.nn.Evaluation;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;

/**
 * The user's own sequences, from a numpy .npz file ({@code numpy.savez} or
 * {@code savez_compressed}) with these arrays, C order as numpy writes them:
 * <ul>
 *   <li>{@code x} [N, T, I], float32 or float64: N sequences of T steps of I inputs (one input per
 *       step is [N, T, 1]). Integer inputs are refused rather than converted: save them as float,
 *       scaled as the network should see them (pixels 0..255 divided by 255, say);</li>
 *   <li>{@code lengths} [N], any integer type, optional: each sequence's length, in 1..T; steps at
 *       or past it are padding, which changes neither state nor gradient and carries no loss;</li>
 *   <li>{@code y}, whose type and rank say the task:
 *     <ul>
 *       <li>float [N, O] (or [N], read as [N, 1]): regression at each sequence's last step, MSE;</li>
 *       <li>float [N, T, O]: regression at every step, MSE;</li>
 *       <li>integer [N]: classification at the last step, softmax cross-entropy;</li>
 *       <li>integer [N, T]: classification at every step (labels at padded steps are ignored,
 *           so any value, −1 or −100 say, may fill them).</li>
 *     </ul>
 *     Labels are class indices from 0; the number of classes is the largest label plus one unless
 *     given (and then every label must be below it); at least 2.</li>
 * </ul>
 * Any other array, a missing {@code x} or {@code y}, a wrong rank or type, sizes that disagree
 * (y's or lengths' N, y's T), a length or label out of range, and NaN or ±Inf anywhere in x or y
 * (or a float64 beyond float32's range) are refused with one line naming the file, the array and,
 * for a value, its index, e.g. {@code d.npz: x[3, 17, 0] is NaN}.
 *
 * <p>Validation split: the sequences are shuffled once by a generator seeded with
 * {@link #SPLIT_SEED}, a constant (so runs with different seeds are validated on the same
 * sequences), and the first ⌈fraction · N⌉ of the shuffle are held out ({@link #DEFAULT_VALIDATION_SPLIT}
 * unless given). Batches: B sequences drawn uniformly from the training part, distinct within a
 * batch, independently of earlier batches (as {@link SequentialImages} draws them); validation
 * batches likewise from the held-out part. A batch with lengths has as many steps as its longest
 * sequence.
 *
 * <p>Layout: inputs {@code x[(t·B + b)·I + i]} = the file's {@code x[n, t, i]} (zero past the
 * sequence's length); targets {@code Targets.values(LAST, [B, O])}, {@code values(EVERY, [T, B, O])},
 * {@code classes(LAST, [B], K)} or {@code classes(EVERY, [T, B], K)}.
 *
 * <p>Metric: MSE for regression, accuracy for classification, on the held-out part. Memoryless
 * baseline, fitted on the training part and scored on the held-out part: predicting the training
 * mean of each output (over the scored steps), its MSE; or predicting the most frequent training
 * class, its accuracy. No criterion of success: the verdict says to compare with the baseline.
 */
public final class NpzData implements Task {
    /** The fraction held out for validation, unless given. */
    public static final double DEFAULT_VALIDATION_SPLIT = 0.1;
    /** The seed of the shuffle that splits the sequences, the same for every run. */
    public static final long SPLIT_SEED = 0x5EED_5917L;
    private static final List<String> ARRAYS = List.of("x", "y", "lengths");

    private final String source;
    private final int sequences, steps, inputs, outputs;
    /** [N, T, I], as in the file. */
    private final float[] x;
    /** [N], or null when every sequence has T steps. */
    private final int[] lengths;
    private final LossAt at;
    /** [N, O] or [N, T, O] for regression, else null. */
    private final float[] values;
    /** [N] or [N, T] for classification (0 at padded steps), else null. */
    private final int[] classes;
    private final int[] training, validation;
    private final double baseline;

    private NpzData(String source, int sequences, int steps, int inputs, int outputs, float[] x, int[] lengths,
                    LossAt at, float[] values, int[] classes, double validationSplit) {
        this.source = source;
        this.sequences = sequences;
        this.steps = steps;
        this.inputs = inputs;
        this.outputs = outputs;
        this.x = x;
        this.lengths = lengths;
        this.at = at;
        this.values = values;
        this.classes = classes;
        int held = (int) Math.ceil(validationSplit * sequences - 1e-9);
        if (held < 1 || held >= sequences)
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s: holding out %.3g of its %,d sequences leaves %s; %s", source, validationSplit, sequences,
                    held < 1 ? "none for validation" : "none for training",
                    sequences < 2 ? "the data task needs at least 2 sequences" : "change the validation split"));
        int[] shuffle = Draws.permutation(sequences, Rng.create(SPLIT_SEED));
        this.validation = Arrays.copyOfRange(shuffle, 0, held);
        this.training = Arrays.copyOfRange(shuffle, held, sequences);
        this.baseline = values != null ? meanBaseline() : majorityBaseline();
    }

    /**
     * The task on a .npz file.
     *
     * @param validationSplit the fraction of the sequences held out, in (0, 1)
     * @param classCount the number of classes for integer labels, or 0 to take the largest label plus one
     * @throws IllegalArgumentException with one line naming the file (and the array) on any problem
     */
    public static NpzData load(Path file, double validationSplit, int classCount) {
        checkSettings(validationSplit, classCount);
        Map<String, Tensor> arrays;
        try {
            arrays = Npz.read(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("data file " + file + " does not exist: give a .npz file with x [N, T, I] and y");
        } catch (MalformedFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read data file " + file + ": " + e.getMessage());
        }
        return of(file.toString(), arrays, validationSplit, classCount);
    }

    /** The task on arrays already read ({@code source} names them in messages); as {@link #load}. */
    public static NpzData of(String source, Map<String, Tensor> arrays, double validationSplit, int classCount) {
        checkSettings(validationSplit, classCount);
        for (String name : arrays.keySet())
            if (!ARRAYS.contains(name))
                throw new IllegalArgumentException(source + ": array '" + name + "' is not one rnnlab reads (x, y and lengths); "
                        + "remove or rename it");
        Tensor tx = required(source, arrays, "x", "the inputs as x [N, T, I]");
        Tensor ty = required(source, arrays, "y", "the targets as y");
        if (tx.dtype().isInteger())
            throw new IllegalArgumentException(source + ": x holds " + tx.dtype() + " values; save the inputs as float32 or float64 "
                    + "(x.astype(numpy.float32)), scaled as the network should see them");
        int[] xs = tx.shape();
        if (xs.length != 3)
            throw new IllegalArgumentException(source + ": x has shape " + Arrays.toString(xs)
                    + ", not [N, T, I] (sequences, steps, inputs); one input per step is [N, T, 1]");
        if (xs[0] < 1 || xs[1] < 1 || xs[2] < 1)
            throw new IllegalArgumentException(source + ": x has shape " + Arrays.toString(xs) + ", with no sequences, steps or inputs");
        int n = xs[0], steps = xs[1];
        float[] x = finite(source, "x", tx);

        int[] lengths = null;
        Tensor tl = arrays.get("lengths");
        if (tl != null) {
            if (!tl.dtype().isInteger() || tl.rank() != 1)
                throw new IllegalArgumentException(source + ": lengths is " + tl + ", not integers [N]; save each sequence's length as an integer");
            if (tl.shape()[0] != n)
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: lengths has %,d entries for the %,d sequences of x",
                        source, tl.shape()[0], n));
            long[] l = tl.asLongs();
            lengths = new int[n];
            for (int i = 0; i < n; i++) {
                if (l[i] < 1 || l[i] > steps)
                    throw new IllegalArgumentException(source + ": lengths[" + i + "] is " + l[i] + ", outside 1.." + steps
                            + " (T, x's second dimension)");
                lengths[i] = (int) l[i];
            }
        }

        int[] ys = ty.shape();
        if (ys.length >= 1 && ys[0] != n)
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: y has %,d rows for the %,d sequences of x",
                    source, ys[0], n));
        if (ty.dtype().isInteger()) {
            LossAt at = switch (ys.length) {
                case 1 -> LossAt.LAST;
                case 2 -> LossAt.EVERY;
                default -> throw new IllegalArgumentException(source + ": y has integer shape " + Arrays.toString(ys)
                        + ": class labels are [N] (one per sequence) or [N, T] (one per step); regression targets are float");
            };
            if (at == LossAt.EVERY) checkSteps(source, ys, steps);
            int[] labels = labels(source, ty, at, steps, lengths);
            int k = classCount;
            if (k == 0) {
                for (int c : labels) k = Math.max(k, c + 1);
                if (k < 2)
                    throw new IllegalArgumentException(source + ": every label in y is 0; classification needs at least 2 classes "
                            + "(give the number of classes if the data lacks some)");
            } else {
                for (int i = 0; i < labels.length; i++)
                    if (labels[i] >= k)
                        throw new IllegalArgumentException(source + ": y" + index(ys, i) + " is " + labels[i] + ", not below the "
                                + k + " classes given");
            }
            return new NpzData(source, n, steps, xs[2], k, x, lengths, at, null, labels, validationSplit);
        }
        if (classCount > 0)
            throw new IllegalArgumentException(source + ": a number of classes was given, but y holds " + ty.dtype()
                    + " values, regression targets; class labels are integers");
        LossAt at;
        int outputs;
        switch (ys.length) {
            case 1 -> { at = LossAt.LAST; outputs = 1; }
            case 2 -> { at = LossAt.LAST; outputs = ys[1]; }
            case 3 -> { checkSteps(source, ys, steps); at = LossAt.EVERY; outputs = ys[2]; }
            default -> throw new IllegalArgumentException(source + ": y has shape " + Arrays.toString(ys)
                    + ": regression targets are [N, O] (at the last step) or [N, T, O] (at every step)");
        }
        if (outputs < 1) throw new IllegalArgumentException(source + ": y has shape " + Arrays.toString(ys) + ", with no outputs");
        float[] values = finite(source, "y", ty);
        return new NpzData(source, n, steps, xs[2], outputs, x, lengths, at, values, null, validationSplit);
    }

    private static void checkSettings(double validationSplit, int classCount) {
        if (!(validationSplit > 0 && validationSplit < 1))
            throw new IllegalArgumentException("the validation split must lie strictly between 0 and 1, got " + validationSplit);
        if (classCount < 0 || classCount == 1)
            throw new IllegalArgumentException("the number of classes must be at least 2, got " + classCount);
    }

    private static Tensor required(String source, Map<String, Tensor> arrays, String name, String what) {
        Tensor t = arrays.get(name);
        if (t == null)
            throw new IllegalArgumentException(source + ": no array '" + name + "' (it holds "
                    + (arrays.isEmpty() ? "none" : String.join(", ", arrays.keySet())) + "); save " + what);
        return t;
    }

    private static void checkSteps(String source, int[] ys, int steps) {
        if (ys[1] != steps)
            throw new IllegalArgumentException(source + ": y has shape " + Arrays.toString(ys) + ", " + ys[1]
                    + " steps where x has " + steps);
    }

    /** The tensor as floats; fails at the first NaN, ±Inf, or float64 beyond float32's range. */
    private static float[] finite(String source, String name, Tensor t) {
        float[] f = t.asFloats();
        for (int i = 0; i < f.length; i++) {
            if (Float.isFinite(f[i])) continue;
            double original = t.dtype() == DType.F64 ? t.asDoubles()[i] : f[i];
            String what = Double.isFinite(original) ? original + ", beyond float32's range" : String.valueOf(original);
            throw new IllegalArgumentException(source + ": " + name + index(t.shape(), i) + " is " + what
                    + "; rnnlab refuses non-finite data: remove or replace such values first");
        }
        return f;
    }

    /** Integer labels, checked ≥ 0 where scored; 0 at padded steps. */
    private static int[] labels(String source, Tensor t, LossAt at, int steps, int[] lengths) {
        long[] l = t.asLongs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            boolean scored = at == LossAt.LAST || lengths == null || i % steps < lengths[i / steps];
            if (!scored) continue;
            if (l[i] < 0 || l[i] > Integer.MAX_VALUE - 1)
                throw new IllegalArgumentException(source + ": y" + index(t.shape(), i) + " is " + l[i]
                        + ", not a class index (0, 1, 2, ...)");
            out[i] = (int) l[i];
        }
        return out;
    }

    /** The C-order index of element {@code flat} of {@code shape}, as {@code [3, 17, 0]}. */
    static String index(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return Arrays.toString(idx);
    }

    /** Steps of sequence n that carry data. */
    private int length(int n) {
        return lengths == null ? steps : lengths[n];
    }

    /** Whether step t of sequence n is scored. */
    private boolean scored(int n, int t) {
        return at == LossAt.LAST ? t == length(n) - 1 : t < length(n);
    }

    private double meanBaseline() {
        double[] mean = new double[outputs];
        long count = 0;
        for (int n : training)
            for (int t = 0; t < steps; t++) {
                if (!scored(n, t)) continue;
                int row = targetRow(n, t);
                for (int o = 0; o < outputs; o++) mean[o] += values[row * outputs + o];
                count++;
            }
        for (int o = 0; o < outputs; o++) mean[o] /= Math.max(1, count);
        double sse = 0;
        long rows = 0;
        for (int n : validation)
            for (int t = 0; t < steps; t++) {
                if (!scored(n, t)) continue;
                int row = targetRow(n, t);
                for (int o = 0; o < outputs; o++) {
                    double d = values[row * outputs + o] - mean[o];
                    sse += d * d;
                }
                rows++;
            }
        return sse / Math.max(1, rows * outputs);
    }

    private double majorityBaseline() {
        long[] counts = new long[outputs];
        for (int n : training)
            for (int t = 0; t < steps; t++) if (scored(n, t)) counts[classes[targetRow(n, t)]]++;
        int best = 0;
        for (int c = 1; c < outputs; c++) if (counts[c] > counts[best]) best = c;
        long right = 0, all = 0;
        for (int n : validation)
            for (int t = 0; t < steps; t++) {
                if (!scored(n, t)) continue;
                all++;
                if (classes[targetRow(n, t)] == best) right++;
            }
        return (double) right / Math.max(1, all);
    }

    /** The row of sequence n's target at step t in the file's y: n (last step) or n·T + t. */
    private int targetRow(int n, int t) {
        return at == LossAt.LAST ? n : n * steps + t;
    }

    @Override
    public String name() {
        return "data";
    }

    /** The file the data came from. */
    public String source() {
        return source;
    }

    /** N, the sequences in the file. */
    public int sequences() {
        return sequences;
    }

    /** The file's sequences in the training part, by their index in the file. */
    public int[] trainingSequences() {
        return training.clone();
    }

    /** The file's sequences held out for validation, by their index in the file. */
    public int[] validationSequences() {
        return validation.clone();
    }

    /** T, x's second dimension. */
    @Override
    public int steps() {
        return steps;
    }

    @Override
    public int inputSize() {
        return inputs;
    }

    /** O for regression, the number of classes for classification. */
    @Override
    public int outputSize() {
        return outputs;
    }

    @Override
    public LossKind lossKind() {
        return values != null ? LossKind.MSE : LossKind.CROSS_ENTROPY;
    }

    @Override
    public LossAt lossAt() {
        return at;
    }

    /** B sequences of the training part, distinct, uniformly. */
    @Override
    public SequenceBatch sample(int batch, RandomGenerator rng) {
        OneHot.checkBatch(batch);
        return batchOf(pick(training, Draws.indices(training.length, batch, rng)));
    }

    /** B sequences of the held-out part, distinct, uniformly. */
    @Override
    public SequenceBatch validationSample(int batch, RandomGenerator rng) {
        OneHot.checkBatch(batch);
        return batchOf(pick(validation, Draws.indices(validation.length, batch, rng)));
    }

    private static int[] pick(int[] part, int[] index) {
        int[] out = new int[index.length];
        for (int i = 0; i < index.length; i++) out[i] = part[index[i]];
        return out;
    }

    /** The file's sequences {@code chosen} as a batch, as long as its longest. */
    SequenceBatch batchOf(int[] chosen) {
        int batch = chosen.length;
        int span = 0;
        for (int n : chosen) span = Math.max(span, length(n));
        float[] bx = new float[Math.multiplyExact(Math.multiplyExact(span, batch), inputs)];
        int[] bl = lengths == null ? null : new int[batch];
        for (int b = 0; b < batch; b++) {
            int n = chosen[b];
            if (bl != null) bl[b] = lengths[n];
            for (int t = 0; t < length(n); t++)
                System.arraycopy(x, (n * steps + t) * inputs, bx, (t * batch + b) * inputs, inputs);
        }
        Targets targets;
        if (at == LossAt.LAST) {
            if (values != null) {
                float[] v = new float[batch * outputs];
                for (int b = 0; b < batch; b++) System.arraycopy(values, chosen[b] * outputs, v, b * outputs, outputs);
                targets = Targets.values(LossAt.LAST, v, outputs);
            } else {
                int[] c = new int[batch];
                for (int b = 0; b < batch; b++) c[b] = classes[chosen[b]];
                targets = Targets.classes(LossAt.LAST, c, outputs);
            }
        } else if (values != null) {
            float[] v = new float[Math.multiplyExact(span * batch, outputs)];
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < length(chosen[b]); t++)
                    System.arraycopy(values, (chosen[b] * steps + t) * outputs, v, (t * batch + b) * outputs, outputs);
            targets = Targets.values(LossAt.EVERY, v, outputs);
        } else {
            int[] c = new int[span * batch];
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < length(chosen[b]); t++) c[t * batch + b] = classes[chosen[b] * steps + t];
            targets = Targets.classes(LossAt.EVERY, c, outputs);
        }
        return new SequenceBatch(span, batch, inputs, bx, bl, targets);
    }

    /** The training mean's MSE, or the most frequent training class's accuracy, on the held-out part. */
    @Override
    public double baseline() {
        return baseline;
    }

    /** Never solved: there is no criterion. */
    @Override
    public Verdict verdict(RecurrentNetwork network, List<SequenceBatch> validation, Evaluation evaluation) {
        return Verdict.none("compare the validation " + metricName() + " with the memoryless baseline ("
                + (values != null ? "the training mean's MSE" : "the most frequent training class's accuracy") + ")");
    }

    /** One line on the data, for the command line. */
    public String description() {
        String target = values != null
                ? String.format(Locale.ROOT, "%d output%s at %s", outputs, outputs == 1 ? "" : "s",
                        at == LossAt.LAST ? "the last step" : "every step")
                : String.format(Locale.ROOT, "%d classes at %s", outputs, at == LossAt.LAST ? "the last step" : "every step");
        return String.format(Locale.ROOT, "data %s: %,d sequences of %s%d steps × %d inputs, %,d for training, %,d held out; "
                        + "targets: %s", source, sequences, lengths == null ? "" : "up to ", steps, inputs,
                training.length, validation.length, target);
    }
}
