package rnnlab.cli.bench;

import java.util.function.Supplier;
import rnnlab.nn.CellType;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;

/**
 * The memory a training pass keeps for one batch, against the least that BPTT must keep.
 *
 * @param heldBytes measured: what a fresh network allocates on the Java heap in its first forward
 *     and backward pass, less what a second pass allocates (the buffers it then reuses: the
 *     layers' traces with the per-step gradients the probes read, the head's outputs and
 *     gradients, the gradient handed down from the head)
 * @param minimumBytes what backward needs from forward: per step the gate values (G·H per
 *     sequence; none more for the RNN, whose one gate block is its state s_t), the states
 *     h_0..h_T, the LSTM's cell states c_0..c_T, the GRU's {@code W_hn h_{t-1} + b_hn}, and the
 *     head's softmax outputs (O per sequence and step)
 */
public record ActivationMemory(long heldBytes, long minimumBytes) {

    /** Measures on a network from {@code fresh} (never used before) and a batch with targets. */
    public static ActivationMemory measure(Supplier<RecurrentNetwork> fresh, SequenceBatch batch, BenchConfig config) {
        RecurrentNetwork net = fresh.get();
        Allocations start = Allocations.now();
        pass(net, batch);
        long first = Allocations.since(start).bytes();
        start = Allocations.now();
        pass(net, batch);
        long second = Allocations.since(start).bytes();
        return new ActivationMemory(first - second, minimumBytes(net.config().cell(), config));
    }

    private static void pass(RecurrentNetwork net, SequenceBatch batch) {
        net.zeroGrad();
        net.forward(batch);
        net.backward();
    }

    /** held / minimum. */
    public double ratio() {
        return (double) heldBytes / minimumBytes;
    }

    /** The least BPTT keeps, in bytes of float32 (see the record's description). */
    static long minimumBytes(CellType cell, BenchConfig c) {
        long rows = c.timeSteps(), h = c.hidden();
        long states = (c.steps() + 1L) * c.batch() * h * (cell.hasCellState() ? 2 : 1);
        long gates = cell.gates() == 1 ? 0 : rows * cell.gates() * h; // the RNN's gate block is s_t, a state
        long gruProjection = cell == CellType.GRU ? rows * h : 0;
        long head = rows * c.outputs();
        return Float.BYTES * (states + gates + gruProjection + head);
    }
}
