package rnnlab.probe;

import java.util.List;
import rnnlab.math.Blas;
import rnnlab.nn.CellType;
import rnnlab.nn.Evaluation;
import rnnlab.nn.LayerTrace;
import rnnlab.nn.LossAt;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.Parameter;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;

/**
 * Measures gradient flow on a fixed probe batch, on a copy of a network's weights: never on the
 * network being trained, whose weights, gradients and traces it only reads (training with probes
 * interleaved is bit-identical to training without; a test).
 *
 * <p>Use:
 * <pre>{@code
 * SequenceBatch probeBatch = task.sample(32, Rng.create(seed + 1));   // its own generator, drawn once
 * var probe = GradientFlowProbe.of(network, probeBatch, ProbeSettings.defaults());
 * var grid = LagStepGrid.forSteps(task.steps());
 * // in the training loop, after step s:
 * if (s % 100 == 0) grid.add(s, probe.gradientNorms(network, s).lastStep().hidden().mean());  // cheap
 * GradientFlowReport report = probe.analyse(network, s);                                      // everything
 * }</pre>
 *
 * <p>Two losses are measured on the same inputs: the loss at each sequence's last step
 * ({@link LossAt#LAST}, built from the probe batch's targets: its own if they are last-step, else
 * each sequence's target at its last step), and the batch's own loss ("total"). Both from zero
 * initial states, as full-BPTT training runs. The probe owns a {@link RecurrentNetwork} of the
 * same configuration and {@link Blas}, into which it copies the weights before each measurement.
 * Not thread-safe: one probe per training thread.
 */
public final class GradientFlowProbe {
    private final NetworkConfig config;
    private final ProbeSettings settings;
    private final SequenceBatch totalBatch;
    private final SequenceBatch lastBatch;
    private final boolean lastIsTotal;
    private final RecurrentNetwork net;

    /**
     * A probe for networks of {@code config}, running on {@code blas}, measuring on
     * {@code probeBatch} (which must have targets; it is kept by reference and must not change).
     */
    public GradientFlowProbe(NetworkConfig config, Blas blas, SequenceBatch probeBatch, ProbeSettings settings) {
        if (probeBatch.targets() == null) throw new IllegalArgumentException("the probe batch needs targets");
        if (probeBatch.inputSize() != config.inputSize())
            throw new IllegalArgumentException("probe batch has " + probeBatch.inputSize() + " inputs, the network " + config.inputSize());
        if (probeBatch.targets().width() != config.outputSize())
            throw new IllegalArgumentException("probe targets are " + probeBatch.targets().width() + " wide, the network has " + config.outputSize() + " outputs");
        if (settings.layer() >= config.layers())
            throw new IllegalArgumentException("layer " + settings.layer() + " does not exist: the network has " + config.layers());
        this.config = config;
        this.settings = settings;
        this.totalBatch = probeBatch;
        this.lastIsTotal = probeBatch.targets().at() == LossAt.LAST;
        this.lastBatch = lastIsTotal ? probeBatch : lastStepBatch(probeBatch);
        this.net = new RecurrentNetwork(config, blas);
    }

    /** A probe for {@code model}'s configuration and {@link Blas}. */
    public static GradientFlowProbe of(RecurrentNetwork model, SequenceBatch probeBatch, ProbeSettings settings) {
        return new GradientFlowProbe(model.config(), model.blas(), probeBatch, settings);
    }

    /** {@link #of(RecurrentNetwork, SequenceBatch, ProbeSettings)} with {@link ProbeSettings#defaults()}. */
    public static GradientFlowProbe of(RecurrentNetwork model, SequenceBatch probeBatch) {
        return of(model, probeBatch, ProbeSettings.defaults());
    }

    public ProbeSettings settings() {
        return settings;
    }

    /** The probe batch as given (the total loss). */
    public SequenceBatch probeBatch() {
        return totalBatch;
    }

    /** The same inputs with the loss at each sequence's last step only. */
    public SequenceBatch lastStepBatch() {
        return lastBatch;
    }

    /**
     * Issue item 1 (with item 5's summaries) at training step {@code step}: one forward and
     * backward pass of the probe batch per loss (one in all when the task's loss is at the last
     * step). Reads {@code model}'s weights only.
     */
    public GradientNorms gradientNorms(RecurrentNetwork model, long step) {
        copyWeights(model);
        LossGradients last = lossGradients(lastBatch);
        LossGradients total = lastIsTotal ? last : lossGradients(totalBatch);
        return norms(step, last, total);
    }

    /** Issue items 1–5 at training step {@code step}. Reads {@code model}'s weights only. */
    public GradientFlowReport analyse(RecurrentNetwork model, long step) {
        long start = System.nanoTime();
        copyWeights(model);
        LossGradients last = lossGradients(lastBatch);
        StepContributions lastContributions = contributions(null);
        LayerView view = new LayerView(net, settings.layer()); // gates and states: the same for both losses
        JacobianAnalysis.Result jac = new JacobianAnalysis(view, settings, net.blas()).run();
        PascanuBound bound = bound(view, last.hidden().mean()[0]);
        LossGradients total = last;
        StepContributions totalContributions = lastContributions;
        if (!lastIsTotal) {
            total = lossGradients(totalBatch);
            totalContributions = contributions(null);
        }
        return new GradientFlowReport(norms(step, last, total), lastContributions, totalContributions,
                jac.spectra(), bound, jac.cellPath(), (System.nanoTime() - start) / 1e9);
    }

    // ---- passes -------------------------------------------------------------------------------

    private void copyWeights(RecurrentNetwork model) {
        if (!model.config().equals(config))
            throw new IllegalArgumentException("the probe was built for " + config + ", the network is " + model.config());
        List<Parameter> from = model.parameters(), to = net.parameters();
        for (int i = 0; i < from.size(); i++) {
            float[] src = from.get(i).value();
            System.arraycopy(src, 0, to.get(i).value(), 0, src.length);
        }
    }

    /** Forward and backward on the probe's own network; its trace and gradients then hold this loss's. */
    private Evaluation pass(SequenceBatch batch) {
        net.zeroGrad();
        Evaluation e = net.forward(batch);
        net.backward();
        return e;
    }

    private LossGradients lossGradients(SequenceBatch batch) {
        Evaluation e = pass(batch);
        LayerTrace tr = net.trace(settings.layer());
        LagCurve hidden = lagCurve(tr, tr.dHidden());
        LagCurve cell = tr.dCell() == null ? null : lagCurve(tr, tr.dCell());
        return new LossGradients(batch.targets().at(), e.loss(), hidden, cell);
    }

    private GradientNorms norms(long step, LossGradients last, LossGradients total) {
        int[] lengths = totalBatch.lengths() == null ? null : totalBatch.lengths().clone();
        return new GradientNorms(step, config.cell(), settings.layer(), totalBatch.steps(), totalBatch.batch(), lengths,
                lastIsTotal, last, total);
    }

    /** Per-lag norms of a [T+1, B, H] state gradient, per sequence from its own last state, times B. */
    static LagCurve lagCurve(LayerTrace tr, float[] grad) {
        int steps = tr.steps(), batch = tr.batch(), h = tr.hiddenSize();
        double[][] per = JacobianAnalysis.nanRows(batch, steps + 1);
        double[] sum = new double[steps + 1];
        int[] count = new int[steps + 1];
        for (int b = 0; b < batch; b++) {
            int len = tr.lengths() == null ? steps : tr.lengths()[b];
            if (len == 0) continue;
            for (int k = 0; k <= len; k++) {
                int off = tr.stateOffset(len - k, b);
                double s = 0;
                for (int j = 0; j < h; j++) {
                    double v = grad[off + j];
                    s += v * v;
                }
                double norm = Math.sqrt(s) * batch;
                per[b][k] = norm;
                sum[k] += norm;
                count[k]++;
            }
        }
        double[] mean = new double[steps + 1];
        for (int k = 0; k <= steps; k++) mean[k] = count[k] == 0 ? Double.NaN : sum[k] / count[k];
        return new LagCurve(mean, per, count, CurveSummary.of(mean));
    }

    /** The probe batch's inputs with each sequence's target at its last step (from per-step targets). */
    static SequenceBatch lastStepBatch(SequenceBatch batch) {
        Targets t = batch.targets();
        int b = batch.batch();
        Targets last;
        if (t.values() != null) {
            int w = t.width();
            float[] y = new float[b * w];
            for (int s = 0; s < b; s++) {
                int len = batch.length(s);
                if (len > 0) System.arraycopy(t.values(), ((len - 1) * b + s) * w, y, s * w, w);
            }
            last = Targets.values(LossAt.LAST, y, w);
        } else {
            int[] y = new int[b];
            for (int s = 0; s < b; s++) {
                int len = batch.length(s);
                if (len > 0) y[s] = t.classes()[(len - 1) * b + s];
            }
            last = Targets.classes(LossAt.LAST, y, t.width());
        }
        return new SequenceBatch(batch.steps(), b, batch.inputSize(), batch.x(), batch.lengths(), last);
    }

    // ---- item 2: the terms of the BPTT sum ----------------------------------------------------

    /** Receives each lag's terms C^U (G·H × I) and C^W (G·H × H), row-major float; for tests. */
    interface ContributionSink {
        void accept(int lag, float[] input, float[] recurrent);
    }

    /** The terms of the BPTT sum of the loss of the last {@link #pass}. */
    StepContributions contributions(ContributionSink sink) {
        int l = settings.layer();
        LayerTrace tr = net.trace(l);
        int steps = tr.steps(), batch = tr.batch(), h = tr.hiddenSize(), gh = tr.gateWidth(), in = tr.inputSize();
        int gates = config.cell().gates();
        float[] x = l == 0 ? totalBatch.x() : net.trace(l - 1).hidden();
        LayerTrace below = l == 0 ? null : net.trace(l - 1);
        float[] dPreIn = new float[batch * gh], dPreHid = new float[batch * gh], xs = new float[batch * in], hs = new float[batch * h];
        float[] cIn = new float[gh * in], cHid = new float[gh * h];
        Parameter pIn = net.parameter("weight_ih_l" + l), pHid = net.parameter("weight_hh_l" + l);
        double gIn = sumSquares(pIn.grad()), gHid = sumSquares(pHid.grad());
        double[] inNorm = new double[steps], hidNorm = new double[steps], inShare = new double[steps], hidShare = new double[steps];
        double[][] inBlocks = new double[steps][gates], hidBlocks = new double[steps][gates];
        Blas blas = net.blas();
        for (int k = 0; k < steps; k++) {
            int rows = 0;
            for (int b = 0; b < batch; b++) {
                int len = tr.lengths() == null ? steps : tr.lengths()[b];
                int t = len - k;
                if (t < 1) continue;
                System.arraycopy(tr.dPreInput(), tr.dPreOffset(t, b), dPreIn, rows * gh, gh);
                System.arraycopy(tr.dPreHidden(), tr.dPreOffset(t, b), dPreHid, rows * gh, gh);
                int xOff = below == null ? ((t - 1) * batch + b) * in : below.stateOffset(t, b);
                System.arraycopy(x, xOff, xs, rows * in, in);
                System.arraycopy(tr.hidden(), tr.stateOffset(t - 1, b), hs, rows * h, h);
                rows++;
            }
            blas.gemm(true, false, gh, in, rows, 1f, dPreIn, 0, gh, xs, 0, in, 0f, cIn, 0, in);
            blas.gemm(true, false, gh, h, rows, 1f, dPreHid, 0, gh, hs, 0, h, 0f, cHid, 0, h);
            inNorm[k] = blockNorms(cIn, gates, h, in, inBlocks[k]);
            hidNorm[k] = blockNorms(cHid, gates, h, h, hidBlocks[k]);
            inShare[k] = gIn == 0 ? Double.NaN : dot(cIn, pIn.grad()) / gIn;
            hidShare[k] = gHid == 0 ? Double.NaN : dot(cHid, pHid.grad()) / gHid;
            if (sink != null) sink.accept(k, cIn.clone(), cHid.clone());
        }
        return new StepContributions(pIn.name(), pHid.name(), inNorm, hidNorm, inBlocks, hidBlocks, inShare, hidShare,
                Math.sqrt(gIn), Math.sqrt(gHid));
    }

    /** Frobenius norm of each gate block (h rows of width cols) into {@code out}; returns the whole norm. */
    private static double blockNorms(float[] m, int gates, int h, int cols, double[] out) {
        double all = 0;
        for (int g = 0; g < gates; g++) {
            double s = 0;
            for (int i = g * h * cols, end = (g + 1) * h * cols; i < end; i++) s += (double) m[i] * m[i];
            out[g] = Math.sqrt(s);
            all += s;
        }
        return Math.sqrt(all);
    }

    private static double sumSquares(float[] a) {
        double s = 0;
        for (float v : a) s += (double) v * v;
        return s;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    // ---- item 3: σmax(W_hh) and the bound -----------------------------------------------------

    private PascanuBound bound(LayerView view, double lastStepNorm) {
        PowerIteration power = new PowerIteration(1e-10, 10_000);
        double[][] w = view.weightHh, wT = new double[view.hidden][w.length];
        Dense.transpose(w, wT);
        double sigma = power.norm(LinearMap.dense(w, wT));
        double[] blocks = new double[config.cell().gates()];
        for (int g = 0; g < blocks.length; g++)
            blocks[g] = new PowerIteration(1e-10, 10_000).norm(LinearMap.dense(view.block(g), view.blockTransposed(g)));
        double gamma = 1;
        int steps = totalBatch.steps();
        double[] bound = new double[steps + 1], log10 = new double[steps + 1];
        for (int k = 0; k <= steps; k++) {
            bound[k] = Math.pow(sigma * gamma, k) * lastStepNorm;
            log10[k] = (k == 0 ? 0 : k * Math.log10(sigma * gamma)) + Math.log10(lastStepNorm);
        }
        boolean rnn = config.cell() == CellType.RNN_TANH || config.cell() == CellType.RNN_RELU;
        return new PascanuBound(config.cell(), sigma, blocks, gamma, lastStepNorm, bound, log10,
                rnn && settings.layer() == config.layers() - 1);
    }

    /** The probe's own network (for tests): its trace and gradients are those of the last pass. */
    RecurrentNetwork network() {
        return net;
    }

    /**
     * Copies {@code model}'s weights, runs the pass of the total loss (or of the last-step loss)
     * and hands each lag's terms of the BPTT sum to {@code sink}; for tests. The probe network's
     * gradients are then that loss's.
     */
    StepContributions contributionsOf(RecurrentNetwork model, boolean total, ContributionSink sink) {
        copyWeights(model);
        pass(total ? totalBatch : lastBatch);
        return contributions(sink);
    }
}
