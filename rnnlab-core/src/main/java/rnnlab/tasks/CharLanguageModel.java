package rnnlab.tasks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import rnnlab.nn.Evaluation;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;

/**
 * A character-level language model on a UTF-8 text: predict each next character (code point).
 *
 * <p>The text is read as Unicode code points (a leading byte-order mark dropped). Its vocabulary
 * is the distinct code points of the whole file, sorted, each symbol its index. The last
 * {@code holdout} fraction of the text (rounded up) is held out for validation; training windows
 * come from the rest. A sequence is a window of T characters at a uniformly random start, as
 * inputs, with the T characters that follow each as targets: cross-entropy at every step. Each
 * window starts from zero state (no context from before it).
 *
 * <p>Layout: one-hot inputs {@code x[(t·B + b)·V + symbol]} (V the vocabulary size: the cost of
 * the input product grows with V, which is fine for alphabetic text of tens to a few hundred
 * symbols); targets {@code Targets.classes(LossAt.EVERY, y[T, B], V)}.
 *
 * <p>Metric: bits per character, the cross-entropy per step over ln 2, on windows of the held-out
 * tail. Memoryless baseline: the unigram entropy of the training text, −Σ p(c)·log₂ p(c) over its
 * character frequencies: what a predictor that ignores every input, the current character
 * included, scores on text like the training text.
 *
 * <p>No criterion of success: language modelling has no point where it is solved. Compare with
 * the baseline and, for English, with published figures (Penn Treebank: LSTM 1.36–1.38 bits per
 * character, tanh RNN 1.48; references.md).
 */
public final class CharLanguageModel implements Task {
    /** The held-out fraction unless given. */
    public static final double DEFAULT_HOLDOUT = 0.1;
    private static final int BYTE_ORDER_MARK = 0xFEFF;

    private final String source;
    private final int steps;
    private final int[] vocabulary;
    private final int[] training;
    private final int[] heldOut;
    private final double unigramBits;

    private CharLanguageModel(String source, int[] codePoints, int steps, double holdout) {
        this.source = source;
        this.steps = steps;
        this.vocabulary = Arrays.stream(codePoints).distinct().sorted().toArray();
        int[] symbols = Arrays.stream(codePoints).map(c -> Arrays.binarySearch(vocabulary, c)).toArray();
        int held = heldOutCount(symbols.length, holdout);
        this.training = Arrays.copyOfRange(symbols, 0, symbols.length - held);
        this.heldOut = Arrays.copyOfRange(symbols, symbols.length - held, symbols.length);
        this.unigramBits = entropyBits(training, vocabulary.length);
    }

    /**
     * The task on a UTF-8 text file; IllegalArgumentException for a missing, unreadable, empty,
     * too short or not UTF-8 file, or a bad T or fraction.
     *
     * @param steps T, the window, at least 1
     * @param holdout the fraction held out at the end, in (0, 1)
     */
    public static CharLanguageModel fromFile(Path file, int steps, double holdout) {
        checkSettings(steps, holdout);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("text file " + file + " does not exist: give a UTF-8 text file");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read text file " + file + ": " + e.getMessage());
        }
        return of(file.toString(), decodeUtf8(file.toString(), bytes), steps, holdout);
    }

    /** The task on a text given as a string ({@code source} names it in messages). */
    public static CharLanguageModel fromText(String source, String text, int steps, double holdout) {
        checkSettings(steps, holdout);
        return of(source, text, steps, holdout);
    }

    private static CharLanguageModel of(String source, String text, int steps, double holdout) {
        int[] codePoints = text.codePoints().toArray();
        if (codePoints.length > 0 && codePoints[0] == BYTE_ORDER_MARK) codePoints = Arrays.copyOfRange(codePoints, 1, codePoints.length);
        if (codePoints.length == 0)
            throw new IllegalArgumentException("text file " + source + " is empty: the text task needs a text to learn from");
        int needed = shortestText(steps, holdout);
        if (codePoints.length < needed)
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "text file %s has %,d characters, too few for windows of T = %d with %.0f%% held out (needs %,d): "
                            + "use a longer text or a smaller T", source, codePoints.length, steps, 100 * holdout, needed));
        return new CharLanguageModel(source, codePoints, steps, holdout);
    }

    private static void checkSettings(int steps, double holdout) {
        if (steps < 1) throw new IllegalArgumentException("the text task needs a window T of at least 1, got " + steps);
        if (!(holdout > 0 && holdout < 1))
            throw new IllegalArgumentException("the held-out fraction must lie strictly between 0 and 1, got " + holdout);
    }

    /** The fewest characters that leave T + 1 for training and T + 1 held out. */
    static int shortestText(int steps, double holdout) {
        int n = 2 * (steps + 1);
        while (true) {
            int held = heldOutCount(n, holdout);
            if (held >= steps + 1 && n - held >= steps + 1) return n;
            n++;
        }
    }

    /** ⌈holdout · n⌉, forgiving the rounding of the product (0.3 · 10 is 3, not 3.0000000000000004). */
    static int heldOutCount(int n, double holdout) {
        return (int) Math.ceil(holdout * n - 1e-9);
    }

    /** Strict UTF-8: a malformed byte is an error naming its offset. */
    private static String decodeUtf8(String source, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never gives more UTF-16 units than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError())
            throw new IllegalArgumentException("text file " + source + " is not valid UTF-8 (bad byte at offset "
                    + in.position() + "): convert it to UTF-8 first");
        return out.flip().toString();
    }

    private static double entropyBits(int[] symbols, int vocabularySize) {
        long[] counts = new long[vocabularySize];
        for (int s : symbols) counts[s]++;
        double h = 0;
        for (long c : counts) {
            if (c == 0) continue;
            double p = (double) c / symbols.length;
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    @Override
    public String name() {
        return "text";
    }

    /** Where the text came from (a file name). */
    public String source() {
        return source;
    }

    /** T, the window. */
    @Override
    public int steps() {
        return steps;
    }

    /** V, the distinct code points of the text. */
    public int vocabularySize() {
        return vocabulary.length;
    }

    /** The code point of every symbol, in symbol order (increasing); a copy. */
    public int[] vocabulary() {
        return vocabulary.clone();
    }

    /** The code point of symbol {@code i}. */
    public int codePoint(int i) {
        return vocabulary[i];
    }

    /** Characters in the training part. */
    public int trainingLength() {
        return training.length;
    }

    /** Characters in the held-out tail. */
    public int heldOutLength() {
        return heldOut.length;
    }

    @Override
    public int inputSize() {
        return vocabulary.length;
    }

    @Override
    public int outputSize() {
        return vocabulary.length;
    }

    @Override
    public LossKind lossKind() {
        return LossKind.CROSS_ENTROPY;
    }

    @Override
    public LossAt lossAt() {
        return LossAt.EVERY;
    }

    /** Random windows of the training part. */
    @Override
    public SequenceBatch sample(int batch, RandomGenerator rng) {
        return windows(training, batch, rng);
    }

    /** Random windows of the held-out tail. */
    @Override
    public SequenceBatch validationSample(int batch, RandomGenerator rng) {
        return windows(heldOut, batch, rng);
    }

    /** {@code batch} windows of {@code text} at uniform random starts, one draw per window. */
    private SequenceBatch windows(int[] text, int batch, RandomGenerator rng) {
        OneHot.checkBatch(batch);
        int width = vocabulary.length;
        float[] x = new float[Math.multiplyExact(Math.multiplyExact(steps, batch), width)];
        int[] y = new int[Math.multiplyExact(steps, batch)];
        for (int b = 0; b < batch; b++) {
            int start = rng.nextInt(text.length - steps);
            for (int t = 0; t < steps; t++) {
                OneHot.set(x, t, b, batch, width, text[start + t]);
                y[t * batch + b] = text[start + t + 1];
            }
        }
        return new SequenceBatch(steps, batch, width, x, null, Targets.classes(LossAt.EVERY, y, width));
    }

    /** Bits per character: {@link Evaluation#meanStepLoss()} / ln 2. */
    @Override
    public double metric(Evaluation evaluation) {
        return evaluation.meanStepLoss() / Math.log(2);
    }

    @Override
    public String metricName() {
        return "bits/char";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    /** The unigram entropy of the training text, in bits per character. */
    @Override
    public double baseline() {
        return unigramBits;
    }

    /** Never solved: there is no criterion. */
    @Override
    public Verdict verdict(RecurrentNetwork network, List<SequenceBatch> validation, Evaluation evaluation) {
        return Verdict.none("compare bits/char with the unigram baseline");
    }
}
