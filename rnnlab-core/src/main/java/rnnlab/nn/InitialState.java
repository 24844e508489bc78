package rnnlab.nn;

/**
 * Given initial states, one [B, H] array per layer ({@code hidden[l]}, and {@code cell[l]} for
 * the LSTM). A null array, or a null entry, means zeros. PyTorch's h0 [layers, B, H] is this
 * with the first index split off.
 */
public record InitialState(float[][] hidden, float[][] cell) {
    /** All zeros. */
    public static final InitialState ZERO = new InitialState(null, null);

    /** Layer {@code l}'s initial hidden state, or null for zeros. */
    public float[] hidden(int l) {
        return hidden == null ? null : hidden[l];
    }

    /** Layer {@code l}'s initial cell state, or null for zeros. */
    public float[] cell(int l) {
        return cell == null ? null : cell[l];
    }
}
