package rnnlab.nn;

import rnnlab.math.FixedProducts;

/**
 * What one step of a recurrent cell computes, for a block of sequences of the batch: the pure
 * mathematics of theory.md, separated from how steps are strung together ({@link RecurrentLayer}).
 *
 * <p>A cell reads and writes the {@link LayerTrace}: in forward, the gate rows of step t arrive
 * holding pre-activations and leave holding gate values, and the states at index t are written;
 * in backward, ∂L/∂h_t (and ∂L/∂c_t) arrive complete but for their own step's contribution,
 * and the cell writes the pre-activation gradients and the parts of ∂L/∂h_{t-1}, ∂L/∂c_{t-1}
 * that do not pass through W_hh (the layer adds {@code dPreHidden · W_hh} with one product).
 *
 * <p>A block is sequences [b0, b1), all active at step t, at most {@link CellScratch#rows()}
 * of them; the scalar cells work on them in the scratch arrays (see {@link CellScratch} for why),
 * the vector cells row by row where they lie (see {@link Lanes}). Each
 * element is computed by the same float operations whatever the block, so results do not
 * depend on how the rows are cut.
 */
sealed interface Cell permits RnnCell, LstmCell, GruCell, VectorLstmCell, VectorGruCell {

    /**
     * Completes step t (1..T) of sequences [b0, b1). On entry the gate rows hold
     * {@code W_ih x_t + b_ih}, plus {@code W_hh h_{t-1} + b_hh} for every cell but the GRU; the
     * GRU receives the latter separately in {@code hiddenPre}, row b at {@code b · G·H}.
     */
    void forward(LayerTrace tr, int t, int b0, int b1, float[] hiddenPre, CellScratch scratch);

    /**
     * Back-propagates step t of sequences [b0, b1): writes their dPreInput (and dPreHidden) rows
     * and adds the direct (weight-free) paths into dHidden / dCell at t−1. Every dPreInput,
     * dPreHidden and dCell(t−1) value it stores is flushed of subnormals
     * ({@link RecurrentLayer#flush}) as it is stored; dHidden(t−1) the layer flushes after its product.
     */
    void backward(LayerTrace tr, int t, int b0, int b1, CellScratch scratch);

    /** System property: {@code auto} (default), or {@code scalar}, which keeps the scalar cells where the vector ones would run (to compare them). */
    String PROPERTY = "rnnlab.cells";

    /**
     * The cell for layers of {@code hiddenSize} units: the LSTM's and the GRU's vector forms where
     * the Vector API runs and they fit ({@link Lanes#fit}; the same bits, faster), unless
     * {@value #PROPERTY} is {@code scalar}.
     *
     * @throws IllegalArgumentException if {@value #PROPERTY} has another value than auto and scalar
     */
    static Cell of(CellType type, int hiddenSize) {
        boolean vector = !scalarAsked() && FixedProducts.vectorAvailable() && Lanes.fit(hiddenSize);
        return switch (type) {
            case RNN_TANH -> new RnnCell(false);
            case RNN_RELU -> new RnnCell(true);
            case LSTM -> vector ? new VectorLstmCell(true) : new LstmCell(true);
            case LSTM_NO_FORGET -> vector ? new VectorLstmCell(false) : new LstmCell(false);
            case GRU -> vector ? new VectorGruCell() : new GruCell();
        };
    }

    /** For reports: which cells the LSTM and the GRU run here, and why. */
    static String describe() {
        if (scalarAsked()) return "scalar (-D" + PROPERTY + "=scalar)";
        if (!FixedProducts.vectorAvailable()) return "scalar (" + FixedProducts.vectorUnavailableReason() + ")";
        return "vector (LSTM, GRU) where H is a multiple of " + Lanes.S.length() + ", else scalar";
    }

    /** Whether {@value #PROPERTY} asks for the scalar cells. */
    private static boolean scalarAsked() {
        String p = System.getProperty(PROPERTY, "auto").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (p) {
            case "auto", "" -> false;
            case "scalar" -> true;
            default -> throw new IllegalArgumentException("unknown " + PROPERTY + " value '" + p + "'; accepted: auto, scalar");
        };
    }
}
