package rnnlab.reference;

import rnnlab.nn.Evaluation;
import rnnlab.nn.InitialState;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.Parameter;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;
import rnnlab.reference.ReferenceCell.State;
import rnnlab.reference.ReferenceCell.Step;
import rnnlab.reference.ReferenceCell.StepGradient;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The double-precision oracle: a stack of recurrent layers with a linear readout, run one
 * sequence at a time with plain loops and differentiated by hand-written BPTT. The float engine
 * is tested against it; it is written for reading, not speed.
 *
 * <p>Semantics (those of the engine):
 * <ul>
 *   <li>Parameters by PyTorch name, row-major: per layer l {@code weight_ih_l{l}} [G·H, I_l],
 *       {@code weight_hh_l{l}} [G·H, H], {@code bias_ih_l{l}} [G·H], {@code bias_hh_l{l}} [G·H]
 *       (I_0 = inputSize, I_l = H above); {@code readout.weight} [O, H] (V) and
 *       {@code readout.bias} [O] (b2). See {@link #shapes}.</li>
 *   <li>Layer l+1's input at step t is layer l's h_t; the readout {@code o_t = V h_t + b2} reads
 *       the top layer.</li>
 *   <li>A sequence of length n has real input steps s = 0..n−1; its state after step n−1 is
 *       carried unchanged through the padded steps, which carry no loss and no gradient.</li>
 *   <li>{@link LossAt#LAST} scores input step n−1 only (nothing when n = 0), {@link LossAt#EVERY}
 *       every real step. The batch loss is {@code L = (1/B) Σ_b Σ_{scored t} L_t}.</li>
 * </ul>
 *
 * <p>Indexing, as in theory.md: <em>state index</em> t = 0..T, where 0 is the initial state and
 * t ≥ 1 the state after input step s = t − 1. Per-state arrays (h, c and their gradients) have
 * T+1 rows; per-step arrays (outputs, gates, pre-activation gradients) have T rows indexed by
 * the input step s, and row s belongs to state t = s + 1.
 */
public final class ReferenceNetwork {
    private final NetworkConfig config;
    private final Map<String, double[]> parameters;

    /** Copies {@code parameters}, which must hold exactly the tensors of {@link #shapes}. */
    public ReferenceNetwork(NetworkConfig config, Map<String, double[]> parameters) {
        this.config = config;
        this.parameters = new LinkedHashMap<>();
        Map<String, int[]> shapes = shapes(config);
        for (var entry : shapes.entrySet()) {
            double[] value = parameters.get(entry.getKey());
            if (value == null) throw new IllegalArgumentException("missing parameter " + entry.getKey());
            if (value.length != size(entry.getValue()))
                throw new IllegalArgumentException(entry.getKey() + " has " + value.length + " values, expected " + size(entry.getValue()));
            this.parameters.put(entry.getKey(), value.clone());
        }
        for (String name : parameters.keySet())
            if (!shapes.containsKey(name)) throw new IllegalArgumentException("unknown parameter " + name);
    }

    /** A reference copy of float parameters (for example the engine's), widened to double. */
    public static ReferenceNetwork of(NetworkConfig config, List<Parameter> parameters) {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            double[] v = new double[p.size()];
            for (int i = 0; i < v.length; i++) v[i] = p.value()[i];
            values.put(p.name(), v);
        }
        return new ReferenceNetwork(config, values);
    }

    /** Every parameter's name and shape, in PyTorch's order: layer by layer, then the readout. */
    public static Map<String, int[]> shapes(NetworkConfig config) {
        return config.parameterShapes();
    }

    public NetworkConfig config() {
        return config;
    }

    /**
     * The parameters by name, live: writing into an array changes the next pass (this is how
     * finite differences perturb a weight). The map itself cannot be changed.
     */
    public Map<String, double[]> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** The batch loss, forward only. */
    public double loss(SequenceBatch batch, InitialState initial) {
        return evaluate(batch, initial, null);
    }

    /**
     * The batch loss with {@code delta} added to unit {@code unit} of h_t (state index
     * t = 0..T) of sequence {@code b} in layer {@code layer}, right after h_t is computed and
     * before step t+1 and the layer above use it. Central differences of this give
     * {@link Result#dHidden()}. At t = 0 this perturbs the initial state.
     */
    public double lossWithStatePerturbation(SequenceBatch batch, InitialState initial,
                                            int layer, int b, int t, int unit, double delta) {
        return evaluate(batch, initial, new Nudge(layer, b, t, unit, delta, false));
    }

    /**
     * As {@link #lossWithStatePerturbation} for the LSTM's cell state c_t: {@code delta} is added
     * to c_t before h_t = o_t * tanh(c_t) is computed from it, so central differences give the
     * total derivative {@link Result#dCell()}.
     */
    public double lossWithCellPerturbation(SequenceBatch batch, InitialState initial,
                                           int layer, int b, int t, int unit, double delta) {
        if (!config.cell().hasCellState()) throw new IllegalArgumentException(config.cell() + " has no cell state");
        return evaluate(batch, initial, new Nudge(layer, b, t, unit, delta, true));
    }

    /**
     * Everything a forward and a BPTT backward pass compute. Arrays are fresh, not copies of
     * anything live. With L layers, B sequences, T steps, width H, G gate blocks and O outputs:
     *
     * @param evaluation the batch loss and the counts of {@link Evaluation}
     * @param gradients dL/dθ for every parameter, by name, shaped as {@link #shapes}
     * @param outputs [B][T][O]: o = V h_{s+1} + b2 at input step s; zero rows at padded steps
     * @param hidden [L][B][T+1][H]: h_t by state index; index 0 the initial state; carried
     *     unchanged through padded steps
     * @param cell [L][B][T+1][H]: c_t likewise (LSTM), else null
     * @param dHidden [L][B][T+1][H]: the total derivative ∂L/∂h_t (loss at t, layer above,
     *     step t+1); index 0 is ∂L/∂(initial state); zero past a sequence's length
     * @param dCell [L][B][T+1][H]: the total ∂L/∂c_t, including the path through h_t (LSTM),
     *     else null
     * @param gates [L][B][T][G·H]: gate values after their nonlinearity at input step s (LSTM
     *     i, f, g, o; GRU r, z, n; RNN s_{s+1} itself); zero rows at padded steps
     * @param dPreInput [L][B][T][G·H]: ∂L/∂(W_ih x + b_ih) at input step s; zero when padded
     * @param dPreHidden [L][B][T][G·H]: ∂L/∂(W_hh h + b_hh) at input step s; equal to dPreInput
     *     except in the GRU's n block, where it is multiplied by the reset gate
     */
    public record Result(Evaluation evaluation, Map<String, double[]> gradients, double[][][] outputs,
                         double[][][][] hidden, double[][][][] cell, double[][][][] dHidden, double[][][][] dCell,
                         double[][][][] gates, double[][][][] dPreInput, double[][][][] dPreHidden) {
        /** The batch loss, {@code evaluation().loss()}. */
        public double loss() {
            return evaluation.loss();
        }

        /** dL/dθ for the parameter {@code name}. */
        public double[] gradient(String name) {
            double[] g = gradients.get(name);
            if (g == null) throw new IllegalArgumentException("no parameter " + name);
            return g;
        }
    }

    /** Forward and BPTT backward over the batch. */
    public Result run(SequenceBatch batch, InitialState initial) {
        check(batch, initial);
        int sequences = batch.batch();
        ReferenceCell[] cells = cells();
        Map<String, double[]> gradients = new LinkedHashMap<>();
        parameters.forEach((name, value) -> gradients.put(name, new double[value.length]));
        LayerWeights[] layerGrads = new LayerWeights[config.layers()];
        for (int l = 0; l < layerGrads.length; l++) layerGrads[l] = layerWeights(gradients, l);
        Tally tally = new Tally();
        SequencePass[] passes = new SequencePass[sequences];
        SequenceGradient[] grads = new SequenceGradient[sequences];
        for (int b = 0; b < sequences; b++) {
            passes[b] = forward(cells, batch, initial, b, null);
            double[][] dOutputs = scoreAndDifferentiate(batch, b, passes[b], tally);
            grads[b] = backward(cells, passes[b], dOutputs, layerGrads,
                    gradients.get("readout.weight"), gradients.get("readout.bias"));
        }
        double[][][] outputs = new double[sequences][][];
        for (int b = 0; b < sequences; b++) outputs[b] = passes[b].outputs();
        boolean lstm = config.cell().hasCellState();
        return new Result(tally.evaluation(batch), gradients, outputs,
                layerMajor(sequences, b -> passes[b].hidden()),
                lstm ? layerMajor(sequences, b -> passes[b].cell()) : null,
                layerMajor(sequences, b -> grads[b].dHidden()),
                lstm ? layerMajor(sequences, b -> grads[b].dCell()) : null,
                layerMajor(sequences, b -> passes[b].gates()),
                layerMajor(sequences, b -> grads[b].dPreInput()),
                layerMajor(sequences, b -> grads[b].dPreHidden()));
    }

    /**
     * What a forward pass computes for inputs without targets, time-major like the engine's
     * arrays. With L layers, B sequences, T steps, width H and O outputs:
     *
     * @param outputs [T, B, O]: the readout o = V h + b2 at every real step, zero at padded steps
     * @param hidden [T, B, H]: the top layer's h_1..h_T (PyTorch's {@code output}), zero at
     *     padded steps (as PyTorch's {@code pad_packed_sequence} gives them)
     * @param finalHidden [L][B·H]: each layer's h at each sequence's last real step (PyTorch's
     *     {@code h_n})
     * @param finalCell [L][B·H]: the LSTM's c likewise ({@code c_n}), else null
     */
    public record Prediction(double[] outputs, double[] hidden, double[][] finalHidden, double[][] finalCell) {}

    /**
     * Forward only, all in double precision from double inputs and initial states: what
     * {@code rnnlab predict} runs for float64 data.
     *
     * @param x the inputs, time-major [T, B, I]: {@code x[(t·B + b)·I + i]}
     * @param lengths each sequence's length in [0, T], or null when every one has T steps
     * @param h0 initial hidden states [L][B·H] (PyTorch's h0 [L, B, H]); null, or a null layer, for zeros
     * @param c0 the LSTM's initial cell states likewise; must be null for the other cells
     * @throws IllegalArgumentException if a size does not fit the network or the batch
     */
    public Prediction predict(int steps, int batch, double[] x, int[] lengths, double[][] h0, double[][] c0) {
        checkPrediction(steps, batch, x, lengths, h0, c0);
        int width = config.inputSize(), h = config.hiddenSize(), o = config.outputSize(), layers = config.layers();
        ReferenceCell[] cells = cells();
        var prediction = new Prediction(new double[steps * batch * o], new double[steps * batch * h],
                new double[layers][batch * h], config.cell().hasCellState() ? new double[layers][batch * h] : null);
        for (int b = 0; b < batch; b++) {
            int length = lengths == null ? steps : lengths[b];
            double[][] input = new double[length][width];
            for (int s = 0; s < length; s++) System.arraycopy(x, (s * batch + b) * width, input[s], 0, width);
            State[] initial = new State[layers];
            for (int l = 0; l < layers; l++)
                initial[l] = new State(row(h0 == null ? null : h0[l], b, h),
                        config.cell().hasCellState() ? row(c0 == null ? null : c0[l], b, h) : null);
            SequencePass pass = forward(cells, steps, input, initial, b, null);
            for (int s = 0; s < length; s++) {
                System.arraycopy(pass.outputs()[s], 0, prediction.outputs(), (s * batch + b) * o, o);
                System.arraycopy(pass.hidden()[layers - 1][s + 1], 0, prediction.hidden(), (s * batch + b) * h, h);
            }
            for (int l = 0; l < layers; l++) {
                System.arraycopy(pass.hidden()[l][steps], 0, prediction.finalHidden()[l], b * h, h);
                if (prediction.finalCell() != null) System.arraycopy(pass.cell()[l][steps], 0, prediction.finalCell()[l], b * h, h);
            }
        }
        return prediction;
    }

    /** Row b of a [B, H] array, copied; zeros for null. */
    private static double[] row(double[] rows, int b, int h) {
        return rows == null ? new double[h] : Arrays.copyOfRange(rows, b * h, (b + 1) * h);
    }

    /** Per-sequence arrays [l][t][·] gathered into [l][b][t][·]. */
    private double[][][][] layerMajor(int sequences, IntFunction<double[][][]> ofSequence) {
        double[][][][] all = new double[config.layers()][sequences][][];
        for (int b = 0; b < sequences; b++) {
            double[][][] perLayer = ofSequence.apply(b);
            for (int l = 0; l < all.length; l++) all[l][b] = perLayer[l];
        }
        return all;
    }

    // ---- forward ------------------------------------------------------------------------------

    /** A perturbation of one state unit (see {@link #lossWithStatePerturbation}). */
    private record Nudge(int layer, int sequence, int t, int unit, double delta, boolean cell) {}

    /**
     * One sequence's forward pass. Per layer l: {@code hidden[l][t]}, {@code cell[l][t]} (LSTM)
     * for t = 0..T, {@code steps[l][t]} for real steps t = 1..length (else null),
     * {@code gates[l][s]}; and the readout {@code outputs[s]}.
     */
    private record SequencePass(int length, double[][][] hidden, double[][][] cell, Step[][] steps,
                                double[][][] gates, double[][] outputs) {}

    private double evaluate(SequenceBatch batch, InitialState initial, Nudge nudge) {
        check(batch, initial);
        if (nudge != null) checkNudge(batch, nudge);
        ReferenceCell[] cells = cells();
        Tally tally = new Tally();
        for (int b = 0; b < batch.batch(); b++) scoreAndDifferentiate(batch, b, forward(cells, batch, initial, b, nudge), tally);
        return tally.evaluation(batch).loss();
    }

    private SequencePass forward(ReferenceCell[] cells, SequenceBatch batch, InitialState initial, int b, Nudge nudge) {
        State[] initialStates = new State[config.layers()];
        for (int l = 0; l < initialStates.length; l++) initialStates[l] = initialState(initial, l, b);
        return forward(cells, batch.steps(), inputs(batch, b), initialStates, b, nudge);
    }

    /**
     * Sequence b's forward pass over {@code steps} steps, of which the first {@code input.length}
     * are real (x_s at input[s]), from {@code initial[l]} in layer l.
     */
    private SequencePass forward(ReferenceCell[] cells, int steps, double[][] input, State[] initial, int b, Nudge nudge) {
        int length = input.length, layers = config.layers();
        var hidden = new double[layers][][];
        var cell = config.cell().hasCellState() ? new double[layers][][] : null;
        var stepValues = new Step[layers][];
        var gates = new double[layers][][];
        for (int l = 0; l < layers; l++) {
            State[] states = new State[steps + 1];
            stepValues[l] = new Step[steps + 1];
            gates[l] = new double[steps][config.cell().gates() * config.hiddenSize()];
            states[0] = nudged(initial[l], nudge, l, b, 0, true);
            for (int t = 1; t <= steps; t++) {
                if (t <= length) {
                    Step step = cells[l].forward(input[t - 1], states[t - 1], cellNudge(nudge, l, b, t));
                    stepValues[l][t] = step;
                    gates[l][t - 1] = step.gates();
                    states[t] = nudged(step.state(), nudge, l, b, t, false);
                } else {
                    states[t] = nudged(carried(states[t - 1]), nudge, l, b, t, true);  // padding carries the state
                }
            }
            hidden[l] = new double[steps + 1][];
            if (cell != null) cell[l] = new double[steps + 1][];
            for (int t = 0; t <= steps; t++) {
                hidden[l][t] = states[t].hidden();
                if (cell != null) cell[l][t] = states[t].cell();
            }
            input = Arrays.copyOfRange(hidden[l], 1, length + 1);  // the next layer reads h_1..h_n
        }
        double[][] outputs = new double[steps][];
        for (int s = 0; s < steps; s++)
            outputs[s] = s < length ? Affine.apply(readoutWeight(), readoutBias(), input[s]) : new double[config.outputSize()];
        return new SequencePass(length, hidden, cell, stepValues, gates, outputs);
    }

    /** A padded step's state: the previous one, in arrays of its own. */
    private static State carried(State previous) {
        return new State(previous.hidden().clone(), previous.cell() == null ? null : previous.cell().clone());
    }

    /** Sequence b's real inputs x_s, s = 0..length−1, widened to double. */
    private static double[][] inputs(SequenceBatch batch, int b) {
        int width = batch.inputSize();
        double[][] x = new double[batch.length(b)][width];
        for (int s = 0; s < x.length; s++)
            for (int i = 0; i < width; i++) x[s][i] = batch.x()[(s * batch.batch() + b) * width + i];
        return x;
    }

    private State initialState(InitialState initial, int l, int b) {
        int h = config.hiddenSize();
        double[] hidden = slice(initial == null ? null : initial.hidden(l), b, h);
        double[] cell = config.cell().hasCellState() ? slice(initial == null ? null : initial.cell(l), b, h) : null;
        return new State(hidden, cell);
    }

    /** Row b of a [B, H] float array, as double; zeros for null. */
    private static double[] slice(float[] rows, int b, int h) {
        double[] row = new double[h];
        if (rows != null) for (int j = 0; j < h; j++) row[j] = rows[b * h + j];
        return row;
    }

    /**
     * {@code state} with the nudge added if it targets (l, b, t): to h, and also to c when
     * {@code includeCell} (states not computed by a cell step, whose c must be nudged here).
     * Copies; never writes into {@code state}.
     */
    private static State nudged(State state, Nudge nudge, int l, int b, int t, boolean includeCell) {
        if (nudge == null || nudge.layer() != l || nudge.sequence() != b || nudge.t() != t) return state;
        if (nudge.cell() && !includeCell) return state;  // already added inside the cell step
        double[] hidden = state.hidden(), cell = state.cell();
        if (nudge.cell()) {
            cell = cell.clone();
            cell[nudge.unit()] += nudge.delta();
        } else {
            hidden = hidden.clone();
            hidden[nudge.unit()] += nudge.delta();
        }
        return new State(hidden, cell);
    }

    /** The vector a real LSTM step adds to c_t before computing h_t, or null. */
    private double[] cellNudge(Nudge nudge, int l, int b, int t) {
        if (nudge == null || !nudge.cell() || nudge.layer() != l || nudge.sequence() != b || nudge.t() != t) return null;
        double[] add = new double[config.hiddenSize()];
        add[nudge.unit()] = nudge.delta();
        return add;
    }

    // ---- loss ---------------------------------------------------------------------------------

    /** The running sums behind {@link Evaluation}. */
    private static final class Tally {
        long scoredSteps;
        double sumSquaredError;
        double sumStepLoss;
        long correct;

        void add(ReferenceLoss.Scored scored) {
            scoredSteps++;
            sumSquaredError += scored.squaredError();
            sumStepLoss += scored.loss();
            if (scored.correct()) correct++;
        }

        Evaluation evaluation(SequenceBatch batch) {
            Targets targets = batch.targets();
            return new Evaluation(targets.kind(), sumStepLoss / batch.batch(), batch.batch(), scoredSteps,
                    targets.width(), sumSquaredError, sumStepLoss, correct);
        }
    }

    /**
     * Scores sequence b's outputs into {@code tally} and returns ∂L/∂o at each input step for
     * the batch loss (the 1/B included), null at unscored steps.
     */
    private double[][] scoreAndDifferentiate(SequenceBatch batch, int b, SequencePass pass, Tally tally) {
        Targets targets = batch.targets();
        double[][] dOutputs = new double[batch.steps()][];
        for (int s = 0; s < pass.length(); s++) {
            boolean scored = targets.at() == LossAt.EVERY || s == pass.length() - 1;
            if (!scored) continue;
            int row = targets.at() == LossAt.EVERY ? s * batch.batch() + b : b;
            ReferenceLoss.Scored step = targets.kind() == LossKind.MSE
                    ? ReferenceLoss.meanSquared(pass.outputs()[s], targetRow(targets, row))
                    : ReferenceLoss.crossEntropy(pass.outputs()[s], targets.classes()[row]);
            tally.add(step);
            dOutputs[s] = step.dOutput();
            for (int k = 0; k < dOutputs[s].length; k++) dOutputs[s][k] /= batch.batch();
        }
        return dOutputs;
    }

    private static double[] targetRow(Targets targets, int row) {
        double[] y = new double[targets.width()];
        for (int k = 0; k < y.length; k++) y[k] = targets.values()[row * y.length + k];
        return y;
    }

    // ---- backward -----------------------------------------------------------------------------

    /** One sequence's gradients, laid out like {@link Result} without the sequence index. */
    private record SequenceGradient(double[][][] dHidden, double[][][] dCell, double[][][] dPreInput,
                                    double[][][] dPreHidden) {}

    /**
     * BPTT through one sequence: the readout first, then each layer from the top, walking the
     * steps backwards and carrying ∂L/∂h (and ∂L/∂c) from step t to t−1, as min-char-rnn's
     * {@code dhnext}. Parameter gradients are added to {@code layerGrads}, {@code dV}, {@code db2}.
     */
    private SequenceGradient backward(ReferenceCell[] cells, SequencePass pass, double[][] dOutputs,
                                      LayerWeights[] layerGrads, double[] dV, double[] db2) {
        int steps = dOutputs.length, layers = config.layers(), h = config.hiddenSize(), gh = config.cell().gates() * h;
        int top = layers - 1;
        boolean lstm = config.cell().hasCellState();
        // dFromAbove[t]: ∂L/∂h_t arriving from outside the layer's recurrence (readout or layer above).
        double[][] dFromAbove = new double[steps + 1][h];
        for (int t = 1; t <= steps; t++)
            if (dOutputs[t - 1] != null)
                dFromAbove[t] = Affine.backward(readoutWeight(), pass.hidden()[top][t], dOutputs[t - 1], dV, db2);
        var dHidden = new double[layers][steps + 1][];
        var dCell = lstm ? new double[layers][steps + 1][] : null;
        var dPreInput = new double[layers][steps][gh];
        var dPreHidden = new double[layers][steps][gh];
        for (int l = top; l >= 0; l--) {
            double[][] dBelow = new double[steps + 1][h];
            double[] dhNext = new double[h];
            double[] dcNext = lstm ? new double[h] : null;
            for (int t = steps; t >= 1; t--) {
                dHidden[l][t] = Affine.add(dhNext, dFromAbove[t]);
                if (t > pass.length()) {  // padded: h_t = h_{t−1}, c_t = c_{t−1}, an identity Jacobian
                    if (lstm) dCell[l][t] = dcNext.clone();
                    dhNext = dHidden[l][t].clone();
                    continue;
                }
                StepGradient g = cells[l].backward(pass.steps()[l][t], dHidden[l][t], dcNext, layerGrads[l]);
                if (lstm) dCell[l][t] = g.dCell();
                dhNext = g.dHiddenPrev();
                dcNext = g.dCellPrev();
                dBelow[t] = g.dInput();
                dPreInput[l][t - 1] = g.dPreInput();
                dPreHidden[l][t - 1] = g.dPreHidden();
            }
            dHidden[l][0] = dhNext.clone();  // clones: a padded or empty sequence would share arrays
            if (lstm) dCell[l][0] = dcNext.clone();
            dFromAbove = dBelow;
        }
        return new SequenceGradient(dHidden, dCell, dPreInput, dPreHidden);
    }

    // ---- parameters ---------------------------------------------------------------------------

    /** The cells over the live parameter arrays. */
    private ReferenceCell[] cells() {
        ReferenceCell[] cells = new ReferenceCell[config.layers()];
        for (int l = 0; l < cells.length; l++) {
            LayerWeights w = layerWeights(parameters, l);
            cells[l] = switch (config.cell()) {
                case RNN_TANH -> new ReferenceRnnCell(w, false);
                case RNN_RELU -> new ReferenceRnnCell(w, true);
                case LSTM -> new ReferenceLstmCell(w, true);
                case LSTM_NO_FORGET -> new ReferenceLstmCell(w, false);
                case GRU -> new ReferenceGruCell(w);
            };
        }
        return cells;
    }

    /** Layer l's four tensors from {@code tensors} (the parameters or their gradients), not copied. */
    private LayerWeights layerWeights(Map<String, double[]> tensors, int l) {
        return new LayerWeights(config.layerInputSize(l), config.hiddenSize(),
                tensors.get("weight_ih_l" + l), tensors.get("weight_hh_l" + l),
                tensors.get("bias_ih_l" + l), tensors.get("bias_hh_l" + l));
    }

    private double[] readoutWeight() {
        return parameters.get("readout.weight");
    }

    private double[] readoutBias() {
        return parameters.get("readout.bias");
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    // ---- argument checks ----------------------------------------------------------------------

    private void check(SequenceBatch batch, InitialState initial) {
        if (batch.inputSize() != config.inputSize())
            throw new IllegalArgumentException("batch has " + batch.inputSize() + " inputs, network expects " + config.inputSize());
        Targets targets = batch.targets();
        if (targets == null) throw new IllegalArgumentException("the reference needs targets to compute a loss");
        if (targets.width() != config.outputSize())
            throw new IllegalArgumentException("targets are " + targets.width() + " wide, readout has " + config.outputSize() + " outputs");
        if (initial != null) {
            int rows = batch.batch() * config.hiddenSize();
            checkState("hidden", initial.hidden(), rows);
            if (config.cell().hasCellState()) checkState("cell", initial.cell(), rows);
        }
    }

    private void checkState(String what, float[][] perLayer, int rows) {
        if (perLayer == null) return;
        if (perLayer.length != config.layers())
            throw new IllegalArgumentException("initial " + what + " state has " + perLayer.length + " layers, expected " + config.layers());
        for (float[] layer : perLayer)
            if (layer != null && layer.length != rows)
                throw new IllegalArgumentException("initial " + what + " state has " + layer.length + " values per layer, expected B·H = " + rows);
    }

    private void checkPrediction(int steps, int batch, double[] x, int[] lengths, double[][] h0, double[][] c0) {
        if (steps < 1 || batch < 1) throw new IllegalArgumentException("empty batch: steps=" + steps + " batch=" + batch);
        if (x.length != (long) steps * batch * config.inputSize())
            throw new IllegalArgumentException("x has " + x.length + " values, expected T·B·I = " + (long) steps * batch * config.inputSize());
        if (lengths != null) {
            if (lengths.length != batch) throw new IllegalArgumentException("lengths has " + lengths.length + " entries, expected " + batch);
            for (int b = 0; b < batch; b++)
                if (lengths[b] < 0 || lengths[b] > steps)
                    throw new IllegalArgumentException("sequence " + b + " has length " + lengths[b] + ", outside [0, " + steps + "]");
        }
        if (c0 != null && !config.cell().hasCellState())
            throw new IllegalArgumentException("a " + config.cell().cliName() + " has no cell state: give c0 only for an LSTM");
        checkState("hidden", h0, batch * config.hiddenSize());
        checkState("cell", c0, batch * config.hiddenSize());
    }

    private void checkState(String what, double[][] perLayer, int rows) {
        if (perLayer == null) return;
        if (perLayer.length != config.layers())
            throw new IllegalArgumentException("initial " + what + " state has " + perLayer.length + " layers, expected " + config.layers());
        for (double[] layer : perLayer)
            if (layer != null && layer.length != rows)
                throw new IllegalArgumentException("initial " + what + " state has " + layer.length + " values per layer, expected B·H = " + rows);
    }

    private void checkNudge(SequenceBatch batch, Nudge n) {
        if (n.layer() < 0 || n.layer() >= config.layers() || n.sequence() < 0 || n.sequence() >= batch.batch()
                || n.t() < 0 || n.t() > batch.steps() || n.unit() < 0 || n.unit() >= config.hiddenSize())
            throw new IllegalArgumentException("no state unit at layer " + n.layer() + ", sequence " + n.sequence()
                    + ", t " + n.t() + ", unit " + n.unit());
    }
}
