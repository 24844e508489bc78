package rnnlab.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rnnlab.math.Blas;
import rnnlab.math.FixedProducts;

/**
 * A stack of recurrent layers with a linear readout: rnnlab's float32 BPTT engine.
 *
 * <p>Use: {@link #forward} a batch (outputs, loss, and every step's values kept in the layers'
 * {@link LayerTrace}s), then {@link #backward} (adds the gradient of the loss to each
 * {@link Parameter#grad()} and fills the per-step gradients ∂L/∂h_t, ∂L/∂c_t in the traces).
 * Gradients accumulate: call {@link #zeroGrad()} before each batch that starts afresh.
 *
 * <p>Parameters are created zero; an {@link Initialization} gives them values. Names and
 * shapes are PyTorch's, listed by {@link #parameters()}. Not thread-safe: one network, one
 * calling thread.
 *
 * <p>Threads: each layer's time loop, forward and backward, runs on up to {@link #threads()}
 * threads, each for its own contiguous shard of the batch (the sequences' recurrences are
 * independent), the calling thread included; a shard has at least 8 sequences, so small
 * batches run on one. The products over all T·B rows are cut among the same threads. Where
 * W_hh is large (from 2 MiB: LSTM and GRU at H = 512) the shards go through the steps together
 * instead, each forming a part of the columns of every per-step product for the whole batch,
 * so that each core reads only its part of W_hh per step. Results do not depend on the thread
 * count unless the BLAS rounds an element of a product differently with the number of rows;
 * with 1 thread they are those of the unsharded engine, bit for bit. Set 1 when running
 * several networks side by side, one per core.
 */
public final class RecurrentNetwork {
    /** System property with the default {@link #threads()} (default: 1). */
    public static final String THREADS_PROPERTY = "rnnlab.threads";

    private final NetworkConfig config;
    private final Blas blas;
    private FixedProducts products = FixedProducts.best();
    private BatchShards shards;
    private int chunk; // low memory: steps of pre-activation gradients kept per layer; 0 = all
    /** Steps per chunk in low-memory mode: the chunk's products still have 16·B rows. */
    static final int LOW_MEMORY_CHUNK = 16;
    private final List<RecurrentLayer> layers = new ArrayList<>();
    private final Readout readout;
    private final List<Parameter> parameters;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private SequenceBatch lastBatch;
    private boolean backwardReady;

    /** A network with zero parameters, using {@link Blas#get()} and {@link #defaultThreads()}. */
    public RecurrentNetwork(NetworkConfig config) {
        this(config, Blas.get());
    }

    /** A network with zero parameters, using the given matrix-product implementation and {@link #defaultThreads()}. */
    public RecurrentNetwork(NetworkConfig config, Blas blas) {
        this(config, blas, defaultThreads());
    }

    /**
     * A network with zero parameters, using the given matrix-product implementation, its time
     * loops on up to {@code threads} threads (see the class comment).
     *
     * @throws IllegalArgumentException if threads is below 1
     */
    public RecurrentNetwork(NetworkConfig config, Blas blas, int threads) {
        this.config = config;
        this.blas = blas;
        this.shards = new BatchShards(threads);
        List<Parameter> all = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            RecurrentLayer layer = new RecurrentLayer(config.cell(), l, config.layerInputSize(l), config.hiddenSize(), threads);
            layer.products(products);
            layers.add(layer);
            all.addAll(List.of(layer.weightIh, layer.weightHh, layer.biasIh, layer.biasHh));
        }
        readout = new Readout(config.hiddenSize(), config.outputSize());
        all.add(readout.weight);
        all.add(readout.bias);
        parameters = Collections.unmodifiableList(all);
        for (Parameter p : all) byName.put(p.name(), p);
    }

    /** The shape this network was built with. */
    public NetworkConfig config() {
        return config;
    }

    /** The matrix-product implementation this network runs on. */
    public Blas blas() {
        return blas;
    }

    /** How the per-step products multiply by the recurrent weights: {@link FixedProducts#best()} unless set. */
    public FixedProducts products() {
        return products;
    }

    /**
     * Sets {@link #products()}: {@link FixedProducts#GEMM} gives the BLAS's rounding (and the
     * results of the engine before {@link FixedProducts#VECTOR}), bit for bit; AUTO chooses by the
     * rows of a batch shard at each pass. Not during a pass.
     * Returns this network.
     *
     * @throws IllegalArgumentException for VECTOR where {@link FixedProducts#vectorAvailable()} is false
     */
    public RecurrentNetwork products(FixedProducts products) {
        this.products = products.requireAvailable();
        for (RecurrentLayer layer : layers) layer.products(products);
        return this;
    }

    /** The most threads one forward or backward pass uses (the calling thread included). */
    public int threads() {
        return shards.threads();
    }

    /**
     * Sets {@link #threads()}; 1 runs everything on the calling thread. Not during a pass.
     * Stops the worker threads of the previous setting. Returns this network.
     *
     * @throws IllegalArgumentException if threads is below 1
     */
    public RecurrentNetwork threads(int threads) {
        if (threads != shards.threads()) shards(new BatchShards(threads));
        return this;
    }

    /**
     * Low-memory mode: backward keeps the per-step gradients (∂L/∂h_t, ∂L/∂c_t and the
     * pre-activation gradients, G·H per sequence and step, the largest buffers after the gates)
     * of only 16 steps at a time, going through all layers chunk by chunk from the last step,
     * and adds each chunk's weight gradients as it completes, instead of one product over all
     * T·B rows after the loop. What is kept is then little more than what forward computed
     * (activation memory measured at 1.04–1.45× the BPTT minimum, against 2.0–3.0× by default), at
     * the cost of rounding: the weight gradients are a sum of chunks, and ∂L/∂h_t at a chunk's
     * edge sums its terms in another order, so results differ from the default mode's in the
     * last bits. The traces then have no {@link LayerTrace#dHidden()}, {@link LayerTrace#dCell()},
     * {@link LayerTrace#dPreInput()} or {@link LayerTrace#dPreHidden()} (the probes read those
     * on their own network, in the default mode). Off by default; takes effect at the next
     * forward pass. Returns this network.
     */
    public RecurrentNetwork lowMemory(boolean on) {
        return chunkSteps(on ? LOW_MEMORY_CHUNK : 0);
    }

    /** Whether {@link #lowMemory(boolean)} is on. */
    public boolean lowMemory() {
        return chunk > 0;
    }

    /** Tests: chunks of {@code steps} steps (0: off). */
    RecurrentNetwork chunkSteps(int steps) {
        chunk = steps;
        for (RecurrentLayer layer : layers) layer.chunk(steps);
        return this;
    }

    /** Tests: shards of as few as {@code minRows} sequences, so that tiny batches are split too. */
    RecurrentNetwork threads(int threads, int minRows) {
        shards(new BatchShards(threads, minRows));
        return this;
    }

    /** Tests and measurements: the size of W_hh (bytes) from which layers split products (see the class comment). */
    RecurrentNetwork splitMinBytes(long bytes) {
        for (RecurrentLayer layer : layers) layer.splitMinBytes(bytes);
        return this;
    }

    private void shards(BatchShards next) {
        shards.close();
        shards = next;
        for (RecurrentLayer layer : layers) layer.ensureShards(next.threads());
    }

    /**
     * Which element-wise cells the LSTM and the GRU run in this JVM: on the Vector API where it
     * runs and H is a multiple of its lanes (the same bits as the scalar cells, faster), or
     * scalar, and why ({@code -Drnnlab.cells=scalar} asks for them).
     *
     * @throws IllegalArgumentException if {@code rnnlab.cells} has an unknown value
     */
    public static String cellsDescription() {
        return Cell.describe();
    }

    /**
     * The thread count of networks built without one: the system property
     * {@value #THREADS_PROPERTY}, else 1. One, not the cores: a second thread pays only where a
     * core is free (measured: 0.7–1.1× the time with a free core, up to 2× slower without), and
     * the results of a command should not depend on the machine's core count (OpenBLAS rounds a
     * few shapes' rows differently when they are split).
     *
     * @throws IllegalArgumentException if the property is not a positive integer
     */
    public static int defaultThreads() {
        String p = System.getProperty(THREADS_PROPERTY);
        if (p == null || p.isBlank()) return 1;
        try {
            int t = Integer.parseInt(p.trim());
            if (t >= 1) return t;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(THREADS_PROPERTY + " must be a positive integer, not '" + p + "'");
    }

    /**
     * All parameters: per layer l {@code weight_ih_l{l}}, {@code weight_hh_l{l}},
     * {@code bias_ih_l{l}}, {@code bias_hh_l{l}}; then {@code readout.weight}, {@code readout.bias}.
     */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The parameter of that name; IllegalArgumentException listing the names otherwise. */
    public Parameter parameter(String name) {
        Parameter p = byName.get(name);
        if (p == null) throw new IllegalArgumentException("no parameter '" + name + "'; have " + byName.keySet());
        return p;
    }

    /**
     * Copies {@code weights} (by parameter name, every parameter exactly once) into the network.
     * Checks everything before writing anything, so a mismatch leaves the network unchanged.
     *
     * @throws IllegalArgumentException naming a missing, extra or wrongly sized parameter
     */
    public void loadWeights(java.util.Map<String, float[]> weights) {
        for (Parameter p : parameters) {
            float[] v = weights.get(p.name());
            if (v == null) throw new IllegalArgumentException("the weights lack " + p + " (they have " + weights.keySet() + ")");
            if (v.length != p.size())
                throw new IllegalArgumentException("weight " + p + " has " + v.length + " values, the network needs " + p.size());
        }
        for (String name : weights.keySet())
            if (!byName.containsKey(name))
                throw new IllegalArgumentException("weight '" + name + "' is not a parameter of this network (" + byName.keySet() + ")");
        for (Parameter p : parameters) System.arraycopy(weights.get(p.name()), 0, p.value(), 0, p.size());
    }

    /** Sets every parameter's gradient to zero (gradients accumulate across backward passes). */
    public void zeroGrad() {
        for (int i = 0; i < parameters.size(); i++) parameters.get(i).zeroGrad(); // no iterator: nothing allocated per step
    }

    /**
     * Runs the batch forward from the given initial states. Returns the loss and metric counts,
     * or null when the batch has no targets (then the outputs are computed at every step).
     */
    public Evaluation forward(SequenceBatch batch, InitialState initial) {
        return forward(batch, initial, 0);
    }

    /**
     * Forward, with the loss counted only from step {@code firstScoredStep} (0-based) on: the
     * steps before it still run and carry state and gradient, but carry no loss. Truncated
     * BPTT uses this to back-propagate a chunk's losses through earlier steps.
     */
    public Evaluation forward(SequenceBatch batch, InitialState initial, int firstScoredStep) {
        checkShapes(batch);
        int steps = batch.steps(), b = batch.batch();
        float[] x = batch.x();
        int xOff = 0;
        for (int l = 0; l < layers.size(); l++) {
            RecurrentLayer layer = layers.get(l);
            layer.forward(blas, shards, x, xOff, steps, b, batch.lengths(), initial.hidden(l), initial.cell(l));
            x = layer.trace().hidden;
            xOff = layer.trace().stateOffset(1, 0);
        }
        lastBatch = batch;
        Evaluation e = readout.forward(blas, shards, top(), batch, firstScoredStep);
        backwardReady = e != null;
        return e;
    }

    /** Forward from zero initial states. */
    public Evaluation forward(SequenceBatch batch) {
        return forward(batch, InitialState.ZERO);
    }

    /**
     * Back-propagates the loss of the last {@link #forward} through time and layers: adds to every
     * parameter's gradient and fills each trace's ∂L/∂h_t and ∂L/∂c_t (t = 0..T; in low-memory
     * mode they pass chunk by chunk and are not kept).
     */
    public void backward() {
        if (!backwardReady) throw new IllegalStateException("backward needs a forward pass on a batch with targets first");
        // Chunk by chunk of steps from the last (one chunk of all T unless in low-memory mode),
        // ∂L/∂h_t from above is written (or added) straight into each layer's trace, where its
        // backward pass completes it: no [T, B, H] buffers between readout and layers.
        LayerTrace top = top();
        int steps = top.steps(), chunk = top.chunk() == 0 ? steps : top.chunk();
        readout.backward(blas, shards, top);
        int n = layers.size(); // indexed loops: no iterator allocated per pass
        for (int l = 0; l < n; l++) layers.get(l).beginBackward(blas, shards);
        for (int last = steps, first; last >= 1; last = first - 1) {
            first = (last - 1) / chunk * chunk + 1;
            for (int l = 0; l < n; l++) layers.get(l).prepareChunk(first, last);
            readout.addStateGradient(blas, shards, top, first, last);
            for (int l = n - 1; l >= 0; l--)
                layers.get(l).backwardChunk(blas, shards, first, last, l == 0 ? null : trace(l - 1));
        }
        for (int l = 0; l < n; l++) layers.get(l).endBackward();
        backwardReady = false;
    }

    /** Readout outputs of the last forward: [B, O] for a last-step loss, else [T, B, O]. Shared. */
    public float[] outputs() {
        return readout.outputs();
    }

    /** What layer {@code l} computed in the last forward (and backward). Shared, reused. */
    public LayerTrace trace(int layer) {
        return layers.get(layer).trace();
    }

    /** Copies of each layer's state after the last forward (each sequence at its own length). */
    public InitialState finalState() {
        return stateAt(trace(0).steps());
    }

    /** Copies of each layer's state at state index t (0..T) of the last forward. */
    public InitialState stateAt(int t) {
        int n = layers.size();
        float[][] h = new float[n][];
        float[][] c = config.cell().hasCellState() ? new float[n][] : null;
        for (int l = 0; l < n; l++) {
            LayerTrace tr = trace(l);
            int from = tr.stateOffset(t, 0), len = tr.batch() * tr.hiddenSize();
            h[l] = java.util.Arrays.copyOfRange(tr.hidden, from, from + len);
            if (c != null) c[l] = java.util.Arrays.copyOfRange(tr.cellState, from, from + len);
        }
        return new InitialState(h, c);
    }

    private LayerTrace top() {
        return layers.getLast().trace();
    }

    private void checkShapes(SequenceBatch batch) {
        if (batch.inputSize() != config.inputSize())
            throw new IllegalArgumentException("batch has " + batch.inputSize() + " inputs per step, the network expects " + config.inputSize());
        Targets t = batch.targets();
        if (t != null && t.width() != config.outputSize())
            throw new IllegalArgumentException("targets are " + t.width() + " wide, the network has " + config.outputSize() + " outputs");
    }
}
