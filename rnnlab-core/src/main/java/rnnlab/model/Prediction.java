package rnnlab.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import rnnlab.io.DType;
import rnnlab.io.MalformedFileException;
import rnnlab.io.Npy;
import rnnlab.io.Tensor;
import rnnlab.nn.InitialState;
import rnnlab.nn.LayerTrace;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.reference.ReferenceNetwork;

/**
 * Runs a loaded network on a batch of sequences from .npy files, as PyTorch's
 * {@code output, h_n = module(x, h0)} does: the work of {@code rnnlab predict}.
 *
 * <p>Layouts are PyTorch's: x [T, B, I] (or [B, T, I] batch-first), h0 and c0 [layers, B, H]
 * whatever the layout of x, lengths [B]. Float32 input runs on the float32 engine; float64 input
 * runs wholly in double on the {@link ReferenceNetwork}, from the weights as the file stores them
 * (float32 weights widened exactly, float64 kept). The output and the final states have the
 * input's dtype; initial states are converted to it.
 *
 * <p>Every file is checked as it is read, and a bad one refused with a
 * {@link MalformedFileException} naming it, what is wrong (for a NaN or infinity, its index) and
 * what to do.
 */
public final class Prediction {
    private Prediction() {}

    /**
     * What to run.
     *
     * @param input x, float32 or float64, [T, B, I] ([B, T, I] when {@code batchFirst})
     * @param lengths each sequence's length in [1, T] (int32 or int64, [B]), or null: all T;
     *     steps past a sequence's length are padding, their outputs zero and the final state
     *     that of its last real step (PyTorch's packed sequences)
     * @param h0 initial hidden states [layers, B, H], or null for zeros
     * @param c0 the LSTM's initial cell states [layers, B, H], or null for zeros
     */
    public record Request(Path input, boolean batchFirst, Path lengths, Path h0, Path c0) {}

    /**
     * The results, in the input's dtype.
     *
     * @param output the readout's outputs [T, B, O] if the model has a readout, else the top
     *     layer's hidden states [T, B, H] (PyTorch's {@code output}); [B, T, ·] batch-first
     * @param finalHidden h_n [layers, B, H]
     * @param finalCell c_n [layers, B, H] for the LSTM, else null
     */
    public record Result(Tensor output, Tensor finalHidden, Tensor finalCell) {
        /** h_n and (LSTM) c_n by PyTorch's names, for a .npz file. */
        public SequencedMap<String, Tensor> finalState() {
            SequencedMap<String, Tensor> m = new LinkedHashMap<>();
            m.put("h_n", finalHidden);
            if (finalCell != null) m.put("c_n", finalCell);
            return m;
        }
    }

    /** What a pass computed, time-major: out [T, B, width], states [layers][B·H]. */
    private record Computed(double[] out, int width, double[][] hN, double[][] cN) {}

    /**
     * Reads the request's files, runs the model, and returns its outputs and final states.
     *
     * @throws MalformedFileException naming a file that is malformed, has the wrong dtype or
     *     shape, or holds a NaN or infinity
     */
    public static Result run(ModelFile.Loaded model, Request request) throws IOException {
        NetworkConfig config = model.network().config();
        if (request.c0() != null && !config.cell().hasCellState())
            throw new MalformedFileException(request.c0().toString(), "the model is a " + config.cell().cliName()
                    + ", which has no cell state", "give an initial cell state only for an LSTM");
        String name = request.input().toString();
        Tensor xt = Npy.read(request.input());
        int[] s = inputShape(xt, name, request.batchFirst(), config.inputSize());
        int steps = request.batchFirst() ? s[1] : s[0], batch = request.batchFirst() ? s[0] : s[1];
        double[] x = finite(xt, name);
        if (request.batchFirst()) x = swapLeadingAxes(x, s[0], s[1], s[2]);
        int[] lengths = request.lengths() == null ? null : lengths(request.lengths(), batch, steps);
        double[][] h0 = state(request.h0(), config, batch);
        double[][] c0 = state(request.c0(), config, batch);
        boolean f64 = xt.dtype() == DType.F64;
        Computed c = f64 ? inDouble(model, steps, batch, x, lengths, h0, c0)
                : inFloat(model, steps, batch, x, lengths, h0, c0);
        double[] out = request.batchFirst() ? swapLeadingAxes(c.out(), steps, batch, c.width()) : c.out();
        int[] outShape = request.batchFirst() ? new int[] {batch, steps, c.width()} : new int[] {steps, batch, c.width()};
        int[] stateShape = {config.layers(), batch, config.hiddenSize()};
        return new Result(tensor(out, f64, outShape), tensor(flatten(c.hN()), f64, stateShape),
                c.cN() == null ? null : tensor(flatten(c.cN()), f64, stateShape));
    }

    private static Computed inFloat(ModelFile.Loaded model, int steps, int batch, double[] x, int[] lengths,
                                    double[][] h0, double[][] c0) {
        RecurrentNetwork net = model.network();
        NetworkConfig config = net.config();
        net.forward(new SequenceBatch(steps, batch, config.inputSize(), toFloats(x), lengths, null),
                new InitialState(toFloats(h0), toFloats(c0)));
        float[] out;
        int width;
        if (model.hasReadout()) {
            out = net.outputs();
            width = config.outputSize();
        } else {
            LayerTrace top = net.trace(config.layers() - 1);
            out = Arrays.copyOfRange(top.hidden(), top.stateOffset(1, 0), top.hidden().length);
            width = config.hiddenSize();
        }
        double[] wide = toDoubles(out);
        if (lengths != null) zeroPadding(wide, steps, batch, width, lengths);
        InitialState last = net.finalState();
        return new Computed(wide, width, toDoubles(last.hidden()), last.cell() == null ? null : toDoubles(last.cell()));
    }

    private static Computed inDouble(ModelFile.Loaded model, int steps, int batch, double[] x, int[] lengths,
                                     double[][] h0, double[][] c0) {
        ReferenceNetwork.Prediction p = model.reference().predict(steps, batch, x, lengths, h0, c0);
        NetworkConfig config = model.network().config();
        return model.hasReadout()
                ? new Computed(p.outputs(), config.outputSize(), p.finalHidden(), p.finalCell())
                : new Computed(p.hidden(), config.hiddenSize(), p.finalHidden(), p.finalCell());
    }

    // ---- reading and checking ------------------------------------------------------------------

    /** x's shape, checked: float, three dimensions, none empty, I as the model needs. */
    private static int[] inputShape(Tensor x, String name, boolean batchFirst, int inputSize) {
        String layout = batchFirst ? "[B, T, I] (--batch-first)" : "[T, B, I]";
        String fix = "save the sequences as one float32 or float64 array " + layout;
        requireFloat(x, name);
        int[] s = x.shape();
        if (s.length != 3)
            throw new MalformedFileException(name, "its shape is " + Arrays.toString(s) + ", not " + layout, fix);
        if (s[0] == 0 || s[1] == 0)
            throw new MalformedFileException(name, "its shape " + Arrays.toString(s) + " holds no sequence step", fix);
        if (s[2] != inputSize)
            throw new MalformedFileException(name, "it has " + s[2] + " inputs per step (its last dimension), the model takes "
                    + inputSize, "give sequences of " + inputSize + " inputs per step");
        return s;
    }

    private static void requireFloat(Tensor t, String name) {
        if (t.dtype() != DType.F32 && t.dtype() != DType.F64)
            throw new MalformedFileException(name, "its dtype is " + t.dtype() + ", not float32 or float64",
                    "convert it before saving, e.g. with array.astype(numpy.float32)");
    }

    /** The values, refusing the first NaN or infinity by its index. */
    private static double[] finite(Tensor t, String name) {
        double[] v = t.asDoubles();
        for (int i = 0; i < v.length; i++)
            if (!Double.isFinite(v[i]))
                throw new MalformedFileException(name, "element " + index(i, t.shape()) + " is " + v[i],
                        "the data must be finite numbers: replace missing or overflowed values before saving");
        return v;
    }

    /** A C-order flat index as numpy's multi-index, e.g. [2, 0, 1]. */
    private static String index(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            idx[axis] = flat % shape[axis];
            flat /= shape[axis];
        }
        return Arrays.toString(idx);
    }

    private static int[] lengths(Path file, int batch, int steps) throws IOException {
        String name = file.toString();
        Tensor t = Npy.read(file);
        String fix = "give one length per sequence, each from 1 to " + steps;
        if (!t.dtype().isInteger())
            throw new MalformedFileException(name, "its dtype is " + t.dtype() + ", not an integer type",
                    "save the lengths as integers, e.g. numpy.array(lengths, dtype=numpy.int64)");
        if (t.rank() != 1 || t.shape()[0] != batch)
            throw new MalformedFileException(name, "its shape is " + Arrays.toString(t.shape()) + ", the batch needs [" + batch + "]", fix);
        long[] v = t.asLongs();
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            if (v[b] < 1 || v[b] > steps)
                throw new MalformedFileException(name, "element [" + b + "] is " + v[b] + ", outside [1, " + steps + "]", fix);
            lengths[b] = (int) v[b];
        }
        return lengths;
    }

    /** An initial state file, [layers, B, H], as [layers][B·H]; null for no file. */
    private static double[][] state(Path file, NetworkConfig config, int batch) throws IOException {
        if (file == null) return null;
        String name = file.toString();
        Tensor t = Npy.read(file);
        requireFloat(t, name);
        int[] expected = {config.layers(), batch, config.hiddenSize()};
        if (!Arrays.equals(t.shape(), expected))
            throw new MalformedFileException(name, "its shape is " + Arrays.toString(t.shape()) + ", the model and batch need [layers, B, H] = "
                    + Arrays.toString(expected), "save the state in PyTorch's layout [num_layers, batch, hidden_size]");
        double[] v = finite(t, name);
        double[][] layers = new double[expected[0]][];
        int per = batch * config.hiddenSize();
        for (int l = 0; l < layers.length; l++) layers[l] = Arrays.copyOfRange(v, l * per, (l + 1) * per);
        return layers;
    }

    // ---- layout ------------------------------------------------------------------------------

    /** [A, B, W] to [B, A, W]: batch-first to time-major and back. */
    private static double[] swapLeadingAxes(double[] v, int a, int b, int width) {
        double[] out = new double[v.length];
        for (int i = 0; i < a; i++)
            for (int j = 0; j < b; j++) System.arraycopy(v, (i * b + j) * width, out, (j * a + i) * width, width);
        return out;
    }

    /** Zero the rows of padded steps, as PyTorch's pad_packed_sequence leaves them. */
    private static void zeroPadding(double[] out, int steps, int batch, int width, int[] lengths) {
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
                if (t >= lengths[b]) Arrays.fill(out, (t * batch + b) * width, (t * batch + b + 1) * width, 0);
    }

    private static Tensor tensor(double[] v, boolean f64, int[] shape) {
        if (f64) return Tensor.of(v, shape);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Tensor.of(f, shape);
    }

    private static double[] flatten(double[][] rows) {
        return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    private static float[][] toFloats(double[][] rows) {
        if (rows == null) return null;
        float[][] f = new float[rows.length][];
        for (int l = 0; l < rows.length; l++) f[l] = toFloats(rows[l]);
        return f;
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    private static double[][] toDoubles(float[][] rows) {
        double[][] d = new double[rows.length][];
        for (int l = 0; l < rows.length; l++) d[l] = toDoubles(rows[l]);
        return d;
    }
}
