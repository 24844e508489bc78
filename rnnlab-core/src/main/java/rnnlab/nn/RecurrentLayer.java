package rnnlab.nn;

import java.util.Arrays;
import rnnlab.math.Blas;
import rnnlab.math.FixedMatrix;
import rnnlab.math.FixedProducts;

/**
 * One recurrent layer: strings the steps of its {@link Cell} together over a sequence.
 *
 * <p>Forward: one product for the input projection of all T steps ({@code X·W_ihᵀ} over T·B
 * rows), then per step the recurrent product {@code h_{t-1}·W_hhᵀ} and the cell.
 * Backward walks t = T..1, carrying ∂L/∂h_t back by {@code dPreHidden·W_hh}, then forms the
 * weight gradients as single products over all T·B rows. The per-step products multiply by
 * W_hh prepared once per pass ({@link FixedProducts}). Nothing is allocated per step.
 *
 * <p>The recurrence of one sequence never reads another's, and in the time-major layout the
 * rows of sequences [b0, b1) at step t are contiguous, so {@link BatchShards} runs the whole
 * time loop (forward, and backward's) per shard of rows on the shared trace, in place: no
 * copies, and one join per loop instead of one per step. With one shard the operations are
 * exactly those of the unsharded loop, so results are bit for bit the same. Where W_hh is too
 * large for that ({@link #SPLIT_MIN_BYTES}), the shards go through the steps together, waiting
 * for one another twice per step: each forms its part of the columns of the product for all
 * rows, then the cells of its own rows (one thread's values, bit for bit where the products round
 * an element the same whatever the call it is in: the Java BLAS and the vector kernels do).
 */
final class RecurrentLayer {
    /**
     * The size of W_hh (bytes) from which the shards of a pass go through the steps together,
     * splitting each per-step product by columns ({@link #splitsColumns}): 2 MiB, a core's L2
     * cache on the machine measured. LSTM H = 512 (4 MiB) ran 0.88–0.96 of the time of shards on
     * their own, H = 1024 0.86, H = 384 0.89; below, each shard's W_hh stays in its cache.
     */
    static final long SPLIT_MIN_BYTES = 2L << 20;

    /** Whether {@link #flushSubnormals} runs on vectors (read before {@link Lanes} is touched: it needs the module). */
    private static final boolean VECTOR_FLUSH = FixedProducts.vectorAvailable();

    private final CellType type;
    private final Cell cell;
    private final int inputSize;
    private final int hiddenSize;
    private final int gateWidth;
    final Parameter weightIh;
    final Parameter weightHh;
    final Parameter biasIh;
    final Parameter biasHh;
    private LayerTrace trace;
    private float[] input;   // the input of the last forward (x, or the layer below's hidden)
    private int inputOff;
    private FixedProducts products = FixedProducts.GEMM;
    /**
     * The per-step products' W_hh: op = W_hhᵀ ([H, G·H]) for h_{t-1}·W_hhᵀ, prepared at each
     * forward pass, then op = W_hh ([G·H, H]) for dPreHidden·W_hh at each backward pass, in the
     * same storage (one packed copy of W_hh held, not two).
     */
    private FixedMatrix recurrentWeights;
    private float[] hiddenPre = new float[0]; // GRU: W_hh h_{t-1} + b_hh for one step, [B, 3H]; shards use their rows
    private CellScratch[] scratch; // one per shard: the cells' block arrays
    // The pass being run by the shards (fields, and Work built once: a pass allocates nothing).
    private final BatchShards.Work forwardWork = this::forwardRows;
    private final BatchShards.Work backwardWork = this::backwardRows;
    private final BatchShards.Work projectionWork = this::projectRows;
    private final BatchShards.Work weightGradientWork = this::weightGradientColumns;
    private final BatchShards.Work inputGradientWork = this::inputGradientRows;
    private final BatchShards.Work forwardTogetherWork = this::forwardTogether;
    private final BatchShards.Work backwardTogetherWork = this::backwardTogether;
    private final BatchShards.Work togetherWork = this::together;
    private BatchShards.Work passTogether; // the work togetherWork runs: forward's or backward's
    private final StepBarrier barrier = new StepBarrier();
    private int passParts; // shards that go through the steps together: the parts of each per-step product
    private Blas passBlas;
    private int passFirst, passLast; // backward: the steps the shards walk, passLast down to passFirst
    private float[] passDInput; // ∂L/∂x of the chunk, from passDInputOff (rows of step passFirst on)
    private int passDInputOff;
    private float passDInputBeta; // 1: added to what passDInput holds, 0: written
    private boolean passSameSums; // backward: b_hh's sums are b_ih's (see beginBackward)
    private boolean passTogetherBackward; // backward: the shards go through the steps together
    private int chunk; // low memory: steps of pre-activation gradients per chunk; 0 keeps all T
    private long splitMinBytes = SPLIT_MIN_BYTES;

    RecurrentLayer(CellType type, int index, int inputSize, int hiddenSize, int threads) {
        this.type = type;
        this.scratch = newScratch(threads, hiddenSize);
        this.cell = Cell.of(type, hiddenSize);
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.gateWidth = type.gates() * hiddenSize;
        this.weightIh = new Parameter("weight_ih_l" + index, gateWidth, inputSize);
        this.weightHh = new Parameter("weight_hh_l" + index, gateWidth, hiddenSize);
        this.biasIh = new Parameter("bias_ih_l" + index, gateWidth);
        this.biasHh = new Parameter("bias_hh_l" + index, gateWidth);
    }

    /**
     * Keeps the pre-activation gradients of only {@code steps} steps at a time (0: all T), and
     * forms the weight gradients chunk by chunk. Takes effect at the next forward pass.
     */
    void chunk(int steps) {
        if (steps < 0) throw new IllegalArgumentException("chunk must be 0 (all steps) or positive, got " + steps);
        chunk = steps;
    }

    /** How the per-step products multiply by W_hh; takes effect at the next pass. */
    void products(FixedProducts products) {
        this.products = products;
    }

    /** Sets the size of W_hh (bytes) from which passes split the per-step products ({@link #SPLIT_MIN_BYTES} by default). */
    void splitMinBytes(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("splitMinBytes must be at least 0, got " + bytes);
        splitMinBytes = bytes;
    }

    /**
     * Whether the shards of this pass go through the steps together, each forming its part of
     * the columns of every per-step product for all the batch's sequences (two waits per step),
     * rather than each running the whole time loop for its own sequences: when W_hh has at
     * least {@link #splitMinBytes} bytes. Shards on their own each read all of W_hh at every
     * step; together, each reads its part.
     */
    private boolean splitsColumns(BatchShards shards, int batch) {
        return shards.shardsFor(batch) > 1 && (long) gateWidth * hiddenSize * Float.BYTES >= splitMinBytes;
    }

    /** Makes room for the per-shard scratch arrays of up to {@code threads} shards. */
    void ensureShards(int threads) {
        if (scratch.length < threads) scratch = newScratch(threads, hiddenSize);
    }

    private static CellScratch[] newScratch(int threads, int hiddenSize) {
        CellScratch[] all = new CellScratch[threads];
        for (int i = 0; i < threads; i++) all[i] = new CellScratch(hiddenSize);
        return all;
    }

    LayerTrace trace() {
        return trace;
    }

    /**
     * Runs the layer over {@code steps} steps of {@code x[xOff ..]} ([T, B, I], kept by
     * reference until backward), from the initial states h0, c0 ([B, H]; null = zeros).
     */
    void forward(Blas blas, BatchShards shards, float[] x, int xOff, int steps, int batch, int[] lengths, float[] h0, float[] c0) {
        if (trace == null || !trace.fits(type, steps, batch, inputSize, hiddenSize, chunk)) {
            trace = null; // the old buffers may go before the new ones are allocated
            trace = new LayerTrace(type, steps, batch, inputSize, hiddenSize, chunk);
            hiddenPre = new float[type == CellType.GRU ? batch * gateWidth : 0];
        }
        trace.lengths = lengths;
        boolean together = splitsColumns(shards, batch);
        recurrentWeights = products.fix(blas, shardRows(shards, batch), true, hiddenSize, gateWidth, weightHh.value(), 0, hiddenSize, recurrentWeights);
        input = x;
        inputOff = xOff;
        setInitial(trace.hidden, h0, batch);
        if (trace.cellState != null) setInitial(trace.cellState, c0, batch);

        // The input projection of all T·B rows, the rows split among the shards; then the
        // recurrence: each shard of sequences runs all T steps on its own, in place.
        runShards(blas, shards, projectionWork, steps * batch);
        if (together) runTogether(blas, shards, forwardTogetherWork, batch);
        else runShards(blas, shards, forwardWork, batch);
    }

    /** Runs {@code work} on the shards of {@code batch} sequences with the barrier set for them. */
    private void runTogether(Blas blas, BatchShards shards, BatchShards.Work work, int batch) {
        passParts = shards.shardsFor(batch);
        barrier.reset(passParts);
        passTogether = work;
        try {
            runShards(blas, shards, togetherWork, batch);
        } finally {
            passTogether = null;
        }
    }

    /** One shard's part of {@link #passTogether}; a shard that fails breaks the barrier, so that the others throw rather than wait. */
    private void together(int shard, int b0, int b1) {
        try {
            passTogether.run(shard, b0, b1);
        } catch (RuntimeException | Error e) {
            barrier.breakAll();
            throw e;
        }
    }

    /**
     * One shard's part of the forward recurrence when the shards go through the steps together:
     * at each step, columns [c0, c1) of the per-step product for all the batch's sequences, then
     * (once every shard has its columns) the cells of sequences [b0, b1), then a wait until every
     * shard has its h_t, which the next step's product reads.
     */
    private void forwardTogether(int shard, int b0, int b1) {
        CellScratch cellScratch = scratch[shard];
        int batch = trace.batch();
        int c0 = recurrentWeights.columnSplit(shard, passParts), c1 = recurrentWeights.columnSplit(shard + 1, passParts);
        for (int t = 1, steps = trace.steps(); t <= steps; t++) {
            int prev = trace.stateOffset(t - 1, 0);
            if (type == CellType.GRU) {
                for (int r = 0; r < batch; r++) System.arraycopy(biasHh.value(), c0, hiddenPre, r * gateWidth + c0, c1 - c0);
                recurrentWeights.multiplyAddColumns(batch, trace.hidden, prev, hiddenSize, hiddenPre, 0, gateWidth, c0, c1);
            } else {
                recurrentWeights.multiplyAddColumns(batch, trace.hidden, prev, hiddenSize, trace.gates, trace.gateOffset(t, 0), gateWidth, c0, c1);
            }
            barrier.await();
            forwardCells(t, b0, b1, cellScratch);
            barrier.await();
        }
    }

    /** Gate rows [r0, r1) of all T·B := b_ih (+ b_hh) + x·W_ihᵀ. */
    private void projectRows(int shard, int r0, int r1) {
        boolean foldHiddenBias = type != CellType.GRU;
        int out = trace.gateOffset(1, 0) + r0 * gateWidth;
        fillRows(trace.gates, out, r1 - r0, biasIh.value(), foldHiddenBias ? biasHh.value() : null);
        passBlas.gemm(false, true, r1 - r0, gateWidth, inputSize, 1f, input, inputOff + r0 * inputSize, inputSize,
                weightIh.value(), 0, inputSize, 1f, trace.gates, out, gateWidth);
    }

    /**
     * Runs {@code work} over {@code rows} (sequences, rows of all T·B, or gate columns) cut into
     * as many shards as the network's threads allow (each has its scratch: see ensureShards).
     * One shard makes exactly the calls of an unsharded pass, so one thread's results are those
     * of the plain loops, bit for bit.
     */
    private void runShards(Blas blas, BatchShards shards, BatchShards.Work work, int rows) {
        passBlas = blas;
        try {
            shards.run(blas, work, rows);
        } finally {
            passBlas = null;
        }
    }

    /** Steps 1..T of sequences [b0, b1): one shard's part of the forward recurrence. */
    private void forwardRows(int shard, int b0, int b1) {
        CellScratch cellScratch = scratch[shard];
        for (int t = 1, steps = trace.steps(); t <= steps; t++) step(t, b0, b1, cellScratch);
    }

    private void step(int t, int b0, int b1, CellScratch cellScratch) {
        int rows = b1 - b0;
        if (type == CellType.GRU) {
            fillRows(hiddenPre, b0 * gateWidth, rows, biasHh.value(), null);
            addRecurrentProduct(t, b0, rows, hiddenPre, b0 * gateWidth);
        } else {
            addRecurrentProduct(t, b0, rows, trace.gates, trace.gateOffset(t, b0));
        }
        forwardCells(t, b0, b1, cellScratch);
    }

    /** The cells of step t for sequences [b0, b1), whose per-step product is done. */
    private void forwardCells(int t, int b0, int b1, CellScratch cellScratch) {
        // Runs of sequences active at t, in blocks the scratch holds; the padded ones carry their state.
        for (int b = b0; b < b1; ) {
            if (!trace.active(t, b)) {
                carryState(t, b++);
                continue;
            }
            int end = activeBlockEnd(t, b, b1, cellScratch.rows());
            cell.forward(trace, t, b, end, hiddenPre, cellScratch);
            b = end;
        }
    }

    /** The end of the block from sequence b (active at t): the first inactive one before b1, or b + maxRows. */
    private int activeBlockEnd(int t, int b, int b1, int maxRows) {
        int end = b + 1, last = Math.min(b1, b + maxRows);
        while (end < last && trace.active(t, end)) end++;
        return end;
    }

    /** The most rows of a per-step product: those of the largest batch shard. */
    private static int shardRows(BatchShards shards, int batch) {
        return Math.ceilDiv(batch, shards.shardsFor(batch));
    }

    /** out[outOff ..] ([rows, G·H]) += h_{t-1}·W_hhᵀ for sequences b0 .. b0 + rows − 1. */
    private void addRecurrentProduct(int t, int b0, int rows, float[] out, int outOff) {
        recurrentWeights.multiplyAdd(rows, trace.hidden, trace.stateOffset(t - 1, b0), hiddenSize, out, outOff, gateWidth);
    }

    /** A padded step: the state passes through unchanged, and no gate fires. */
    private void carryState(int t, int b) {
        int from = trace.stateOffset(t - 1, b), to = trace.stateOffset(t, b);
        System.arraycopy(trace.hidden, from, trace.hidden, to, hiddenSize);
        if (trace.cellState != null) {
            System.arraycopy(trace.cellState, from, trace.cellState, to, hiddenSize);
        }
        if (trace.gates != trace.hidden) Arrays.fill(trace.gates, trace.gateOffset(t, b), trace.gateOffset(t, b) + gateWidth, 0f); // the RNN's gate row is the state
        if (trace.hiddenProjection != null) {
            int p = trace.projectionOffset(t, b);
            Arrays.fill(trace.hiddenProjection, p, p + hiddenSize, 0f);
        }
    }

    /**
     * Starts a backward pass through the layer, which then runs chunk by chunk of steps from the
     * last (all T at once unless in low-memory mode): {@link #prepareChunk}, the gradient from
     * above into the trace, {@link #backwardChunk}; then {@link #endBackward}. Accumulates (adds)
     * into the parameter gradients.
     */
    void beginBackward(Blas blas, BatchShards shards) {
        // The bias sums of the two gradient buffers are the same values when they are one array
        // and start equal (both zero after zeroGrad): summed once, copied at the end, bit for bit.
        passSameSums = trace.dPreHidden == trace.dPreInput && Arrays.equals(biasIh.grad(), biasHh.grad());
        passTogetherBackward = splitsColumns(shards, trace.batch());
        recurrentWeights = products.fix(blas, shardRows(shards, trace.batch()), false, gateWidth, hiddenSize, weightHh.value(), 0, hiddenSize, recurrentWeights);
    }

    /**
     * Readies ∂L/∂h and ∂L/∂c for the chunk of steps first..last ({@link LayerTrace#dStateOffset}):
     * zero at states first−1 .. last−1 (∂L/∂c at last too in the pass's first chunk); at state
     * last, what the chunk after it carried back. Whatever is above then adds its gradient for
     * states first..last, or writes it in the pass's first chunk, where nothing is carried.
     */
    void prepareChunk(int first, int last) {
        int rowsBH = trace.batch() * hiddenSize, lastRow = (last - first + 1) * rowsBH; // state last under the new base
        boolean firstChunk = !trace.carriesState(last);
        if (!firstChunk) { // state last sits in row 0 under the old base
            System.arraycopy(trace.dHidden, 0, trace.dHidden, lastRow, rowsBH);
            if (trace.dCell != null) System.arraycopy(trace.dCell, 0, trace.dCell, lastRow, rowsBH);
        }
        trace.dStateBase = first - 1;
        Arrays.fill(trace.dHidden, 0, firstChunk ? rowsBH : lastRow, 0f);
        if (trace.dCell != null) Arrays.fill(trace.dCell, 0, firstChunk ? lastRow + rowsBH : lastRow, 0f);
    }

    /**
     * Back-propagates steps last..first (the trace's ∂L/∂h at states first..last complete but for
     * the steps' own contributions; see {@link #prepareChunk}), then forms the chunk's weight
     * gradients and, when {@code below} is not null, ∂L/∂x_t for its steps into the layer below's
     * ∂L/∂h (added where it carries a state, see {@link #prepareChunk}).
     */
    void backwardChunk(Blas blas, BatchShards shards, int first, int last, LayerTrace below) {
        passFirst = first;
        passLast = last;
        if (passTogetherBackward) runTogether(blas, shards, backwardTogetherWork, trace.batch());
        else runShards(blas, shards, backwardWork, trace.batch());
        accumulateWeightGradients(blas, shards);
        if (below != null) inputGradient(blas, shards, below);
    }

    /** Ends the backward pass {@link #beginBackward} began. */
    void endBackward() {
        if (passSameSums) System.arraycopy(biasIh.grad(), 0, biasHh.grad(), 0, gateWidth);
    }

    /** Steps passLast..passFirst of sequences [b0, b1): one shard's part of the backward recurrence. */
    private void backwardRows(int shard, int b0, int b1) {
        CellScratch cellScratch = scratch[shard];
        int rows = b1 - b0;
        for (int t = passLast, first = passFirst; t >= first; t--) {
            backwardCells(t, b0, b1, cellScratch);
            // The cells (and carryGradient) flush dPreInput, dPreHidden and dCell at t−1 as they
            // write them (Cell#backward); only the product's output is flushed here.
            int prev = trace.dStateOffset(t - 1, b0);
            recurrentWeights.multiplyAdd(rows, trace.dPreHidden, trace.dPreOffset(t, b0), gateWidth, trace.dHidden, prev, hiddenSize);
            flushSubnormals(trace.dHidden, prev, rows * hiddenSize);
        }
    }

    /**
     * One shard's part of the backward recurrence when the shards go through the steps together
     * (see {@link #forwardTogether}): the cells of sequences [b0, b1) at step t, then columns
     * [h0, h1) of ∂L/∂h_{t−1} += dPreHidden·W_hh for all the batch's sequences.
     */
    private void backwardTogether(int shard, int b0, int b1) {
        CellScratch cellScratch = scratch[shard];
        int batch = trace.batch();
        int h0 = recurrentWeights.columnSplit(shard, passParts), h1 = recurrentWeights.columnSplit(shard + 1, passParts);
        for (int t = passLast, first = passFirst; t >= first; t--) {
            backwardCells(t, b0, b1, cellScratch);
            barrier.await();
            int prev = trace.dStateOffset(t - 1, 0);
            recurrentWeights.multiplyAddColumns(batch, trace.dPreHidden, trace.dPreOffset(t, 0), gateWidth, trace.dHidden, prev, hiddenSize, h0, h1);
            for (int r = 0; r < batch; r++) flushSubnormals(trace.dHidden, prev + r * hiddenSize + h0, h1 - h0);
            barrier.await();
        }
    }

    /** The cells of step t, backward, for sequences [b0, b1); padded ones pass the gradient through. */
    private void backwardCells(int t, int b0, int b1, CellScratch cellScratch) {
        for (int b = b0; b < b1; ) {
            if (!trace.active(t, b)) {
                carryGradient(t, b++);
                continue;
            }
            int end = activeBlockEnd(t, b, b1, cellScratch.rows());
            cell.backward(trace, t, b, end, cellScratch);
            b = end;
        }
    }

    /** A padded step: the gradient passes through to t−1 unchanged, and no gate gets any. */
    private void carryGradient(int t, int b) {
        int now = trace.dStateOffset(t, b), prev = trace.dStateOffset(t - 1, b);
        for (int j = 0; j < hiddenSize; j++) trace.dHidden[prev + j] += trace.dHidden[now + j];
        if (trace.dCell != null) for (int j = 0; j < hiddenSize; j++) trace.dCell[prev + j] = flush(trace.dCell[prev + j] + trace.dCell[now + j]);
        int g = trace.dPreOffset(t, b);
        Arrays.fill(trace.dPreInput, g, g + gateWidth, 0f);
        if (trace.dPreHidden != trace.dPreInput) Arrays.fill(trace.dPreHidden, g, g + gateWidth, 0f);
    }

    /**
     * dW_ih += dPreᵀ·X, dW_hh += dPreᵀ·H_{t-1}, db += Σ rows over steps passFirst..passLast, whose
     * gradients start at row 0 of the gradient buffers: one product each over all their rows
     * (all T·B rows in full mode), the gate columns split among the shards. With the same sums
     * for both biases (see beginBackward), to b_ih only: copied to b_hh at the end.
     */
    private void accumulateWeightGradients(Blas blas, BatchShards shards) {
        runShards(blas, shards, weightGradientWork, gateWidth);
    }

    /** Rows [g0, g1) of the weight gradients and columns [g0, g1) of the bias sums. */
    private void weightGradientColumns(int shard, int g0, int g1) {
        Blas blas = passBlas;
        int batch = trace.batch(), rows = (passLast - passFirst + 1) * batch, columns = g1 - g0;
        blas.gemm(true, false, columns, inputSize, rows, 1f, trace.dPreInput, g0, gateWidth,
                input, inputOff + (passFirst - 1) * batch * inputSize, inputSize, 1f, weightIh.grad(), g0 * inputSize, inputSize);
        blas.gemm(true, false, columns, hiddenSize, rows, 1f, trace.dPreHidden, g0, gateWidth,
                trace.hidden, trace.stateOffset(passFirst - 1, 0), hiddenSize, 1f, weightHh.grad(), g0 * hiddenSize, hiddenSize);
        addColumnSums(trace.dPreInput, rows, gateWidth, biasIh.grad(), g0, g1);
        if (!passSameSums) addColumnSums(trace.dPreHidden, rows, gateWidth, biasHh.grad(), g0, g1);
    }

    /**
     * ∂L/∂x = dPre·W_ih for steps passFirst..passLast, into the layer below's ∂L/∂h at those
     * states (added to what is there where it carries a state), rows split among the shards.
     */
    private void inputGradient(Blas blas, BatchShards shards, LayerTrace below) {
        passDInput = below.dHidden;
        passDInputOff = below.dStateOffset(passFirst, 0);
        passDInputBeta = below.carriesState(passLast) ? 1f : 0f;
        try {
            runShards(blas, shards, inputGradientWork, (passLast - passFirst + 1) * trace.batch());
        } finally {
            passDInput = null;
        }
    }

    private void inputGradientRows(int shard, int r0, int r1) {
        passBlas.gemm(false, false, r1 - r0, inputSize, gateWidth, 1f, trace.dPreInput, r0 * gateWidth, gateWidth,
                weightIh.value(), 0, inputSize, passDInputBeta, passDInput, passDInputOff + r0 * inputSize, inputSize);
    }

    private void setInitial(float[] state, float[] initial, int batch) {
        if (initial == null) {
            Arrays.fill(state, 0, batch * hiddenSize, 0f);
        } else {
            if (initial.length != batch * hiddenSize)
                throw new IllegalArgumentException("initial state has " + initial.length + " values, expected B·H = " + batch * hiddenSize);
            System.arraycopy(initial, 0, state, 0, batch * hiddenSize);
        }
    }

    /**
     * Sets values below float32's normal range (|v| < 2^-126, about 1.2e-38) to zero, as
     * flush-to-zero hardware modes do. A vanished gradient otherwise lives on as subnormal
     * numbers, on which x86 arithmetic is many times slower: a trained tanh RNN at T = 100 had
     * 16 % of its dL/dh entries subnormal and ran several times slower. The change to any value
     * is below 1.2e-38. Each element becomes {@link #flush}(v), bit for bit, but without a branch
     * or a select, which would keep C2 from vectorising the loop: the factor m is exactly 0
     * below 2^-126 (|v| − 2^-126 is then exact, at most −2^-149, and scaled by 2^150 at most −2)
     * and exactly 1 from 2^-126 on; {@code + 0f} turns the −0 of a negative v times 0 into +0.
     * (In a loop that does more, the same expression can cost more than the branch: cells
     * compute first and flush their results with this pass.) Where the Vector API runs, the pass
     * is {@link Lanes#flush}: a compare and a blend, the same values.
     */
    static void flushSubnormals(float[] a, int off, int len) {
        if (VECTOR_FLUSH) Lanes.flush(a, off, len);
        else flushSubnormalsScalar(a, off, len);
    }

    /** {@link #flushSubnormals} without the Vector API. */
    static void flushSubnormalsScalar(float[] a, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            float v = a[i];
            float m = Math.min(Math.max((Math.abs(v) - Float.MIN_NORMAL) * 0x1p127f * 0x1p23f + 1f, 0f), 1f);
            a[i] = v * m + 0f;
        }
    }

    /** One value of {@link #flushSubnormals}: 0 if |v| < 2^-126 (−0 included), else v (NaN stays NaN). */
    static float flush(float v) {
        return Math.abs(v) < Float.MIN_NORMAL ? 0f : v;
    }

    /** Each of the first {@code rows} rows of {@code out} := a (+ b): a + b formed once, then copied. */
    static void fillRows(float[] out, int rows, float[] a, float[] b) {
        fillRows(out, 0, rows, a, b);
    }

    /** {@link #fillRows(float[], int, float[], float[])} on the rows starting at {@code out[off]}. */
    static void fillRows(float[] out, int off, int rows, float[] a, float[] b) {
        int width = a.length;
        if (rows == 0) return;
        if (b != null) for (int j = 0; j < width; j++) out[off + j] = a[j] + b[j];
        else System.arraycopy(a, 0, out, off, width);
        for (int r = 1; r < rows; r++) System.arraycopy(out, off, out, off + r * width, width);
    }

    /**
     * sums[j] += m[r][j] for r = 0..rows−1, in that order for each column (the rounding of the
     * one-row-at-a-time loop, bit for bit); four rows per pass, so that {@code sums} is loaded
     * and stored once per four rows rather than once per row.
     */
    static void addColumnSums(float[] m, int rows, int width, float[] sums) {
        addColumnSums(m, rows, width, sums, 0, width);
    }

    /** {@link #addColumnSums(float[], int, int, float[])} on columns [from, to) only (the same bits for them). */
    static void addColumnSums(float[] m, int rows, int width, float[] sums, int from, int to) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int o0 = r * width, o1 = o0 + width, o2 = o1 + width, o3 = o2 + width;
            for (int j = from; j < to; j++) sums[j] = (((sums[j] + m[o0 + j]) + m[o1 + j]) + m[o2 + j]) + m[o3 + j];
        }
        for (; r < rows; r++) {
            int o = r * width;
            for (int j = from; j < to; j++) sums[j] += m[o + j];
        }
    }
}
