package rnnlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import rnnlab.io.SafeTensors;
import rnnlab.io.Tensor;
import rnnlab.math.Blas;
import rnnlab.nn.CellType;
import rnnlab.nn.Evaluation;
import rnnlab.nn.InitialState;
import rnnlab.nn.LossAt;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;
import rnnlab.reference.ReferenceNetwork;

/**
 * rnnlab against PyTorch itself: the state dicts and results in src/test/resources/rnnlab/model/pytorch
 * were made by scripts/make-pytorch-reference.py with Debian's python3-torch, in float64 from the
 * saved float32 weights. The double reference must match them to rounding, the float32 engine to
 * float32 accuracy.
 */
class PyTorchInterchangeTest {
    static Path resource(String name) {
        try {
            return Path.of(PyTorchInterchangeTest.class.getResource("pytorch/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What PyTorch computed for one case. */
    record Io(SequenceBatch batch, InitialState initial, double[] hidden, double[] output, double loss, double[] hN,
              double[] cN, Map<String, Tensor> tensors) {
        static Io read(String name, int layers) throws IOException {
            SafeTensors.Contents c = SafeTensors.read(resource(name + ".io.safetensors"));
            int[] xs = c.tensor("x").shape(), ys = c.tensor("y").shape();
            int steps = xs[0], batch = xs[1];
            SequenceBatch b = new SequenceBatch(steps, batch, xs[2], c.tensor("x").asFloats(), null,
                    Targets.values(LossAt.EVERY, c.tensor("y").asFloats(), ys[2]));
            InitialState init = new InitialState(split(c.tensor("h0"), layers),
                    c.tensors().containsKey("c0") ? split(c.tensor("c0"), layers) : null);
            return new Io(b, init, c.tensor("hidden").asDoubles(), c.tensor("output").asDoubles(),
                    c.tensor("loss").asDoubles()[0], c.tensor("h_n").asDoubles(),
                    c.tensors().containsKey("c_n") ? c.tensor("c_n").asDoubles() : null, c.tensors());
        }

        static float[][] split(Tensor t, int layers) {
            float[] all = t.asFloats();
            int per = all.length / layers;
            float[][] out = new float[layers][];
            for (int l = 0; l < layers; l++) out[l] = java.util.Arrays.copyOfRange(all, l * per, (l + 1) * per);
            return out;
        }

        double[] grad(String rnnlabName) {
            String torchName = rnnlabName.startsWith("readout.") ? "fc." + rnnlabName.substring(8) : "rnn." + rnnlabName;
            return tensors.get("grad." + torchName).asDoubles();
        }
    }

    @ParameterizedTest
    @CsvSource({"rnn_tanh_1, RNN_TANH, 1", "rnn_relu_2, RNN_RELU, 2", "lstm_1, LSTM, 1", "lstm_2, LSTM, 2",
            "gru_1, GRU, 1", "gru_2, GRU, 2"})
    void engineAndReferenceReproducePyTorch(String name, CellType cell, int layers) throws IOException {
        ModelFile.Loaded m = ModelFile.load(resource(name + ".model.safetensors"), Blas.get(), cell == CellType.RNN_RELU);
        RecurrentNetwork net = m.network();
        assertTrue(m.pytorch() && m.hasReadout());
        assertEquals(cell, net.config().cell());
        assertEquals(layers, net.config().layers());
        Io io = Io.read(name, layers);

        ReferenceNetwork ref = ReferenceNetwork.of(net.config(), net.parameters());
        ReferenceNetwork.Result r = ref.run(io.batch(), io.initial());
        assertEquals(io.loss(), r.loss(), 1e-10 * Math.abs(io.loss()), "reference loss");
        for (var p : net.parameters()) assertClose(io.grad(p.name()), r.gradient(p.name()), 1e-9, "reference grad " + p.name());

        Evaluation e = net.forward(io.batch(), io.initial());
        net.zeroGrad();
        net.forward(io.batch(), io.initial());
        net.backward();
        assertEquals(io.loss(), e.loss(), 1e-5 * Math.abs(io.loss()), "engine loss");
        assertClose(io.output(), toDouble(net.outputs()), 1e-5, "engine output");
        assertClose(io.hN(), flatten(net.finalState().hidden()), 1e-5, "engine h_n");
        if (io.cN() != null) assertClose(io.cN(), flatten(net.finalState().cell()), 1e-5, "engine c_n");
        for (var p : net.parameters()) assertClose(io.grad(p.name()), toDouble(p.grad()), 1e-4, "engine grad " + p.name());
    }

    @ParameterizedTest
    @CsvSource({"rnn_tanh_1, 1", "lstm_2, 2", "gru_1, 1"})
    void bareStateDictGivesTheHiddenStatesAsOutput(String name, int layers) throws IOException {
        ModelFile.Loaded m = ModelFile.load(resource(name + ".bare.safetensors"), Blas.get(), false);
        assertFalse(m.hasReadout());
        Io io = Io.read(name, layers);
        m.network().forward(new SequenceBatch(io.batch().steps(), io.batch().batch(), io.batch().inputSize(),
                io.batch().x(), null, null), io.initial());
        var top = m.network().trace(layers - 1);
        int from = top.stateOffset(1, 0);
        float[] hidden = java.util.Arrays.copyOfRange(top.hidden(), from, top.hidden().length);
        assertClose(io.hidden(), toDouble(hidden), 1e-5, "hidden states");
    }

    static void assertClose(double[] expected, double[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double v : expected) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], actual[i], relative * Math.max(scale, 1e-3), what + "[" + i + "]");
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    static double[] flatten(float[][] a) {
        int n = 0;
        for (float[] r : a) n += r.length;
        double[] d = new double[n];
        int i = 0;
        for (float[] r : a) for (float v : r) d[i++] = v;
        return d;
    }
}
