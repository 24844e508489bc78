package rnnlab.nn;

/**
 * What one recurrent layer computed at every step of the last forward pass, and the per-step
 * gradients its backward pass found. This is what the gradient-flow probes read: nothing here
 * needs re-deriving the mathematics.
 *
 * <p>All arrays are time-major and row-major. Steps are numbered as in theory.md: state index
 * 0 is the initial state, index t (1..T) the state after input step t. With B sequences and
 * width H:
 * <ul>
 *   <li>{@link #hidden} [T+1, B, H]: h_0 … h_T (s_t for the RNN);</li>
 *   <li>{@link #cell} [T+1, B, H]: c_0 … c_T (LSTM only, else null);</li>
 *   <li>{@link #gates} [T, B, G·H]: the gate values after their nonlinearity at steps 1..T,
 *       row t−1: LSTM blocks i, f, g, o; GRU blocks r, z, n. The RNN's one block is s_t itself,
 *       so it is not kept twice: its {@code gates()} is the {@link #hidden} array, and
 *       {@link #gateOffset}(t, b) is {@link #stateOffset}(t, b);</li>
 *   <li>{@link #hiddenProjection} [T, B, H] (GRU only, else null): {@code W_hn h_{t-1} + b_hn},
 *       the term the reset gate multiplies;</li>
 *   <li>{@link #dHidden} [T+1, B, H]: the total derivative ∂L/∂h_t, t = 0..T, through every
 *       path (the loss at t, the layer above, and step t+1). Index 0 is ∂L/∂h_0.</li>
 *   <li>{@link #dCell} [T+1, B, H]: ∂L/∂c_t likewise (LSTM only, else null);</li>
 *   <li>{@link #dPreInput} [T, B, G·H]: ∂L/∂(W_ih x_t + b_ih), the gradient at the gate
 *       pre-activations through the input projection (step t, sequence b at {@link #dPreOffset});</li>
 *   <li>{@link #dPreHidden} [T, B, G·H]: ∂L/∂(W_hh h_{t-1} + b_hh). The same array as
 *       dPreInput except for the GRU, whose n block differs by the reset gate.</li>
 * </ul>
 * A network in {@linkplain RecurrentNetwork#lowMemory(boolean) low-memory mode} keeps the
 * per-step gradients of one chunk of steps only: then {@link #dHidden()}, {@link #dCell()},
 * {@link #dPreInput()} and {@link #dPreHidden()} are null (the forward values are as above).
 * Padded steps (t ≥ a sequence's length) copy the state forward; their gate rows are zero (the
 * RNN's: the state they carry) and their pre-activation gradients are zero.
 *
 * <p>Buffers are reused from one pass to the next when the shape is unchanged: copy what must
 * outlive the next pass.
 */
public final class LayerTrace {
    private final CellType cell;
    private final int steps;
    private final int batch;
    private final int hiddenSize;
    private final int inputSize;
    private final int chunk; // steps of per-step gradients kept; 0: all T
    private final int gateBase; // the state index of gate row 0: 1 where the gates are the states (RNN), else 0
    int dStateBase; // low memory: the state whose ∂L/∂h, ∂L/∂c sit in row 0 of dHidden, dCell (see dStateOffset)
    final float[] hidden;
    final float[] cellState;
    final float[] gates;
    final float[] hiddenProjection;
    final float[] dHidden;
    final float[] dCell;
    final float[] dPreInput;
    final float[] dPreHidden;
    int[] lengths;

    LayerTrace(CellType cell, int steps, int batch, int inputSize, int hiddenSize) {
        this(cell, steps, batch, inputSize, hiddenSize, 0);
    }

    /**
     * With {@code chunk} > 0, the per-step gradients of only that many steps are kept: the
     * pre-activation gradients in a ring (step t in row (t−1) mod chunk), ∂L/∂h and ∂L/∂c in
     * chunk + 1 rows (the chunk's states and the one before it, see {@link #dStateOffset}).
     */
    LayerTrace(CellType cell, int steps, int batch, int inputSize, int hiddenSize, int chunk) {
        this.cell = cell;
        this.chunk = chunk >= steps ? 0 : chunk; // a chunk of all steps is the full buffer
        this.steps = steps;
        this.batch = batch;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        int state = (steps + 1) * batch * hiddenSize;
        int gradientStates = (this.chunk == 0 ? steps + 1 : this.chunk + 1) * batch * hiddenSize;
        boolean gatesAreStates = cell.gates() == 1; // the RNN: s_t = tanh(θ_t) is its one gate block
        this.hidden = new float[state];
        this.cellState = cell.hasCellState() ? new float[state] : null;
        this.gates = gatesAreStates ? hidden : new float[steps * batch * cell.gates() * hiddenSize];
        this.gateBase = gatesAreStates ? 1 : 0;
        this.hiddenProjection = cell == CellType.GRU ? new float[steps * batch * hiddenSize] : null;
        this.dHidden = new float[gradientStates];
        this.dCell = cell.hasCellState() ? new float[gradientStates] : null;
        int gradRows = (this.chunk == 0 ? steps : this.chunk) * batch * cell.gates() * hiddenSize;
        this.dPreInput = new float[gradRows];
        this.dPreHidden = cell == CellType.GRU ? new float[gradRows] : dPreInput;
    }

    boolean fits(CellType cell, int steps, int batch, int inputSize, int hiddenSize, int chunk) {
        return this.cell == cell && this.steps == steps && this.batch == batch
                && this.inputSize == inputSize && this.hiddenSize == hiddenSize && this.chunk == (chunk >= steps ? 0 : chunk);
    }

    /** Steps of per-step gradients kept at once, or 0 when all T are. */
    int chunk() {
        return chunk;
    }

    /**
     * Whether a backward chunk of steps ending at {@code last} starts with a gradient at state
     * last, carried from the chunk after it: then whatever is above adds its ∂L/∂h there rather
     * than writing it. Only the pass's first chunk (last = T) has none.
     */
    boolean carriesState(int last) {
        return last < steps;
    }

    /**
     * Offset of state t, sequence b, in the dHidden and dCell buffers: {@link #stateOffset}
     * unless chunked; chunked, they hold states dStateBase .. dStateBase + chunk, which the
     * backward pass sets per chunk (dStateBase = the chunk's first step − 1).
     */
    int dStateOffset(int t, int b) {
        return ((t - dStateBase) * batch + b) * hiddenSize;
    }

    public CellType cellType() { return cell; }

    /** T, the number of input steps. */
    public int steps() { return steps; }

    /** B, the number of sequences. */
    public int batch() { return batch; }

    /** H, the width of the state. */
    public int hiddenSize() { return hiddenSize; }

    /** The width of this layer's input (I for layer 0, H above). */
    public int inputSize() { return inputSize; }

    /** Width of a gate row, G·H. */
    public int gateWidth() { return cell.gates() * hiddenSize; }

    /** Sequence lengths of the last pass, or null when all are T. Shared; do not modify. */
    public int[] lengths() { return lengths; }

    /** Offset of state t (0..T), sequence b, in {@link #hidden}, {@link #cell}, {@link #dHidden}, {@link #dCell}. */
    public int stateOffset(int t, int b) { return (t * batch + b) * hiddenSize; }

    /** Offset of step t (1..T), sequence b, in {@link #gates} (the RNN's: {@link #stateOffset}(t, b)). */
    public int gateOffset(int t, int b) { return ((t - 1 + gateBase) * batch + b) * gateWidth(); }

    /** Offset of step t (1..T), sequence b, in {@link #dPreInput}, {@link #dPreHidden} (in their chunk's ring with low memory). */
    public int dPreOffset(int t, int b) {
        int row = chunk == 0 ? t - 1 : (t - 1) % chunk;
        return (row * batch + b) * gateWidth();
    }

    /** Offset of step t (1..T), sequence b, in {@link #hiddenProjection}. */
    public int projectionOffset(int t, int b) { return ((t - 1) * batch + b) * hiddenSize; }

    /** h_0..h_T, [T+1, B, H]. Shared. */
    public float[] hidden() { return hidden; }

    /** c_0..c_T, [T+1, B, H] (LSTM), else null. Shared. */
    public float[] cell() { return cellState; }

    /** Gate values at steps 1..T, [T, B, G·H] (the RNN's: {@link #hidden()}, see the class comment). Shared. */
    public float[] gates() { return gates; }

    /** GRU: W_hn h_{t-1} + b_hn at steps 1..T, [T, B, H]; else null. Shared. */
    public float[] hiddenProjection() { return hiddenProjection; }

    /** ∂L/∂h_t for t = 0..T, [T+1, B, H]; null in low-memory mode. Valid after a backward pass. Shared. */
    public float[] dHidden() { return chunk == 0 ? dHidden : null; }

    /** ∂L/∂c_t for t = 0..T (LSTM), else null; null in low-memory mode. Valid after a backward pass. Shared. */
    public float[] dCell() { return chunk == 0 ? dCell : null; }

    /** ∂L/∂(W_ih x_t + b_ih) at steps 1..T, [T, B, G·H]; null in low-memory mode. Shared. */
    public float[] dPreInput() { return chunk == 0 ? dPreInput : null; }

    /** ∂L/∂(W_hh h_{t-1} + b_hh) at steps 1..T, [T, B, G·H]; null in low-memory mode. Shared. */
    public float[] dPreHidden() { return chunk == 0 ? dPreHidden : null; }

    /** Whether step t (1..T) of sequence b is real data. */
    public boolean active(int t, int b) {
        return lengths == null || t <= lengths[b];
    }
}
