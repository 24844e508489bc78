package rnnlab.tasks;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import rnnlab.nn.InitialState;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;

/**
 * Writes text with a character-level language model ({@link CharLanguageModel}): the network
 * reads a prime, then each drawn character is fed back as the next input, the state carried
 * from step to step.
 *
 * <p>Each next character is drawn from softmax(o / τ) over the vocabulary, o the network's
 * outputs (logits) and τ the temperature: τ = 1 samples the model's own distribution, τ &lt; 1
 * sharpens it towards its likeliest characters, τ &gt; 1 flattens it; τ = 0 takes the likeliest
 * character every time (greedy, no randomness).
 *
 * <p>The model was trained on windows of T characters from a zero state; sampling carries the
 * state past T, so text much longer than T may drift.
 */
public final class TextSampler {
    private final RecurrentNetwork network;
    private final int[] vocabulary;

    /**
     * @param network a network with one input and one output per vocabulary symbol
     * @param vocabulary the code point of each symbol, in the order the network was trained on
     */
    public TextSampler(RecurrentNetwork network, int[] vocabulary) {
        int v = vocabulary.length;
        if (v == 0) throw new IllegalArgumentException("the vocabulary is empty");
        if (network.config().inputSize() != v || network.config().outputSize() != v)
            throw new IllegalArgumentException("the network has " + network.config().inputSize() + " inputs and "
                    + network.config().outputSize() + " outputs, the vocabulary " + v + " symbols: the model and its vocabulary do not belong together");
        for (int i = 1; i < v; i++)
            if (vocabulary[i] <= vocabulary[i - 1])
                throw new IllegalArgumentException("the vocabulary must list distinct code points in increasing order, as training saved it");
        this.network = network;
        this.vocabulary = vocabulary.clone();
    }

    /**
     * The prime followed by {@code length} drawn characters.
     *
     * @param prime at least one character, each in the vocabulary
     * @param temperature τ ≥ 0 (0: greedy)
     * @throws IllegalArgumentException for an empty prime, a character the model never saw, a
     *     negative length or a bad temperature
     */
    public String sample(String prime, int length, double temperature, RandomGenerator rng) {
        if (length < 0) throw new IllegalArgumentException("the length must not be negative, got " + length);
        if (!(temperature >= 0) || Double.isInfinite(temperature))
            throw new IllegalArgumentException("the temperature must be a finite number ≥ 0, got " + temperature);
        int[] primed = prime.codePoints().map(this::symbolOf).toArray();
        if (primed.length == 0) throw new IllegalArgumentException("the prime is empty: give at least one character to start from");
        StringBuilder text = new StringBuilder(prime);
        float[] logits = new float[vocabulary.length];
        InitialState state = InitialState.ZERO;
        for (int symbol : primed) state = step(symbol, state, logits);
        for (int n = 0; n < length; n++) {
            int next = draw(logits, temperature, rng);
            text.appendCodePoint(vocabulary[next]);
            if (n < length - 1) state = step(next, state, logits);
        }
        return text.toString();
    }

    /** Feeds one symbol; fills the logits of the next; returns the state after it. */
    private InitialState step(int symbol, InitialState state, float[] logits) {
        float[] x = new float[vocabulary.length];
        x[symbol] = 1;
        network.forward(new SequenceBatch(1, 1, vocabulary.length, x, null, null), state);
        System.arraycopy(network.outputs(), 0, logits, 0, logits.length);
        return network.finalState();
    }

    /** A symbol drawn from softmax(logits / τ); the arg-max for τ = 0. */
    static int draw(float[] logits, double temperature, RandomGenerator rng) {
        int best = 0;
        for (int k = 1; k < logits.length; k++) if (logits[k] > logits[best]) best = k;
        if (temperature == 0) return best;
        double[] weights = new double[logits.length];
        double total = 0;
        for (int k = 0; k < logits.length; k++) total += weights[k] = Math.exp((logits[k] - logits[best]) / temperature);
        double u = rng.nextDouble() * total;
        for (int k = 0; k < logits.length; k++) if ((u -= weights[k]) < 0) return k;
        return best; // u landed on the rounding error at the end
    }

    private int symbolOf(int codePoint) {
        int i = Arrays.binarySearch(vocabulary, codePoint);
        if (i < 0 || vocabulary[i] != codePoint)
            throw new IllegalArgumentException("the prime has '" + Character.toString(codePoint)
                    + "', a character the model never saw in training: prime it with characters of its text");
        return i;
    }
}
