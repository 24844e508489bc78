package rnnlab.nn;

/**
 * The recurrent cells rnnlab implements, with the number of gate blocks each stacks in its
 * weight matrices (PyTorch's layout: {@code weight_ih} is [gates·H, I]).
 */
public enum CellType {
    /** {@code s_t = tanh(U x_t + W s_{t-1} + b1)}: the seeds' RNN. One block. */
    RNN_TANH(1, "rnn"),
    /** The same with relu instead of tanh (IRNN, Le et al. 2015). One block. */
    RNN_RELU(1, "rnn-relu"),
    /** Gate blocks in PyTorch's order i, f, g, o. */
    LSTM(4, "lstm"),
    /**
     * The LSTM of 1997, before the forget gate (Gers et al. 2000): f_t ≡ 1, so
     * {@code c_t = c_{t-1} + i_t·g_t}. Same layout as {@link #LSTM}; the forget block's weights
     * are kept (a file stays PyTorch-shaped) but unused, and their gradient is zero.
     */
    LSTM_NO_FORGET(4, "lstm-no-forget"),
    /** PyTorch's GRU: blocks r, z, n, with {@code b_hn} inside the reset product. */
    GRU(3, "gru");

    private final int gates;
    private final String cliName;

    CellType(int gates, String cliName) {
        this.gates = gates;
        this.cliName = cliName;
    }

    /** Number of H-wide blocks stacked in the weight matrices and biases. */
    public int gates() {
        return gates;
    }

    /** The name used on the command line and in files: rnn, rnn-relu, lstm, lstm-no-forget, gru. */
    public String cliName() {
        return cliName;
    }

    /** Whether the cell carries a second state (the LSTM's cell state c). */
    public boolean hasCellState() {
        return isLstm();
    }

    /** Either LSTM: the one with a forget gate and the one without. */
    public boolean isLstm() {
        return this == LSTM || this == LSTM_NO_FORGET;
    }

    /** Parses {@link #cliName()} (case-insensitive); throws with the accepted names otherwise. */
    public static CellType parse(String name) {
        for (CellType t : values()) {
            if (t.cliName.equalsIgnoreCase(name)) return t;
        }
        throw new IllegalArgumentException("unknown cell '" + name + "': use rnn, rnn-relu, lstm, lstm-no-forget or gru");
    }
}
