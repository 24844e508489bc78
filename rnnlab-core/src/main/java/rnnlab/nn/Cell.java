package rnnlab.nn;

/**
 * What one step of a recurrent cell computes, for one sequence of the batch: the pure
 * mathematics of theory.md, separated from how steps are strung together ({@link RecurrentLayer}).
 *
 * <p>A cell reads and writes the {@link LayerTrace}: in forward, the gate row of step t arrives
 * holding pre-activations and leaves holding gate values, and the state at index t is written;
 * in backward, ∂L/∂h_t (and ∂L/∂c_t) arrive complete but for their own step's contribution,
 * and the cell writes the pre-activation gradients and the parts of ∂L/∂h_{t-1}, ∂L/∂c_{t-1}
 * that do not pass through W_hh (the layer adds {@code dPreHidden · W_hh} with one product).
 */
sealed interface Cell permits RnnCell, LstmCell, GruCell {

    /**
     * Completes step t (1..T) of sequence b. On entry the gate row holds {@code W_ih x_t + b_ih},
     * plus {@code W_hh h_{t-1} + b_hh} for every cell but the GRU; the GRU receives the latter
     * separately in {@code hiddenPre} at {@code hiddenPreOff} (G·H wide). {@code scratch} is
     * H floats the cell may overwrite, private to the calling thread (shards run concurrently).
     */
    void forward(LayerTrace tr, int t, int b, float[] hiddenPre, int hiddenPreOff, float[] scratch);

    /**
     * Back-propagates step t of sequence b: writes its dPreInput (and dPreHidden) rows and adds
     * the direct (weight-free) paths into dHidden / dCell at t−1. {@code scratch} as in forward.
     * Every dPreInput, dPreHidden and dCell(t−1) value it stores is flushed of subnormals
     * ({@link RecurrentLayer#flush}) as it is stored; dHidden(t−1) the layer flushes after its product.
     */
    void backward(LayerTrace tr, int t, int b, float[] scratch);

    static Cell of(CellType type) {
        return switch (type) {
            case RNN_TANH -> new RnnCell(false);
            case RNN_RELU -> new RnnCell(true);
            case LSTM -> new LstmCell(true);
            case LSTM_NO_FORGET -> new LstmCell(false);
            case GRU -> new GruCell();
        };
    }
}
