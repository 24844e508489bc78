package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import rnnlab.io.DType;
import rnnlab.io.Npy;
import rnnlab.io.Npz;
import rnnlab.io.SafeTensors;
import rnnlab.io.Tensor;
import rnnlab.math.Blas;
import rnnlab.math.Rng;
import rnnlab.model.ModelFile;
import rnnlab.nn.CellType;
import rnnlab.nn.Initialization;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.Parameter;
import rnnlab.nn.RecurrentNetwork;

/**
 * predict, export, import and gradflow --model against PyTorch's own results: the reference
 * files of rnnlab-core's PyTorchInterchangeTest (scripts/make-pytorch-reference.py, computed by
 * PyTorch in float64 from float32 weights and float32-representable inputs).
 */
class PredictCommandTest {
    static final Path PYTORCH = Path.of("..", "rnnlab-core", "src", "test", "resources", "rnnlab", "model", "pytorch");

    /** What PyTorch computed for one case, as read from its .io.safetensors. */
    record Io(Map<String, Tensor> tensors) {
        static Io read(String name) throws IOException {
            return new Io(SafeTensors.read(PYTORCH.resolve(name + ".io.safetensors")).tensors());
        }

        Tensor get(String key) {
            return tensors.get(key);
        }

        boolean lstm() {
            return tensors.containsKey("c0");
        }

        /** Writes x (float32 or float64), h0 and c0 as .npy files into dir; returns predict's flags for them. */
        List<String> writeInputs(Path dir, boolean f64) throws IOException {
            Npy.write(dir.resolve("x.npy"), f64 ? get("x") : narrow(get("x")));
            Npy.write(dir.resolve("h0.npy"), get("h0"));
            List<String> flags = new ArrayList<>(List.of("--input", dir.resolve("x.npy").toString(),
                    "--h0", dir.resolve("h0.npy").toString()));
            if (lstm()) {
                Npy.write(dir.resolve("c0.npy"), get("c0"));
                flags.addAll(List.of("--c0", dir.resolve("c0.npy").toString()));
            }
            return flags;
        }
    }

    static Tensor narrow(Tensor t) {
        return Tensor.of(t.asFloats(), t.shape());
    }

    static MainTest.Outcome predict(String model, boolean relu, List<String> flags, Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of("predict", "--model", model, "--output", dir.resolve("y.npy").toString(),
                "--final-state", dir.resolve("final.npz").toString()));
        if (relu) args.add("--rnn-relu");
        args.addAll(flags);
        args.addAll(List.of(more));
        return MainTest.run(args.toArray(String[]::new));
    }

    static String model(String name, String kind) {
        return PYTORCH.resolve(name + "." + kind + ".safetensors").toString();
    }

    /** Each element within {@code tolerance}·max(|expected|, 1e-3); dtype and shape equal. */
    static void assertClose(Tensor expected, Tensor actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.asDoubles(), a = actual.asDoubles();
        double scale = 1e-3;
        for (double v : e) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < e.length; i++) assertEquals(e[i], a[i], tolerance * scale, what + "[" + i + "]");
    }

    @ParameterizedTest
    @CsvSource({"rnn_tanh_1, false", "rnn_relu_2, true", "lstm_1, false", "lstm_2, false", "gru_1, false", "gru_2, false"})
    void float32InputGivesPyTorchsOutputsAndFinalStates(String name, boolean relu, @TempDir Path dir) throws IOException {
        Io io = Io.read(name);
        List<String> flags = io.writeInputs(dir, false);
        for (String kind : List.of("model", "bare")) {
            MainTest.Outcome o = predict(model(name, kind), relu, flags, dir);
            assertEquals(0, o.code(), o.err());
            Tensor y = Npy.read(dir.resolve("y.npy"));
            assertEquals(DType.F32, y.dtype());
            assertClose(io.get(kind.equals("model") ? "output" : "hidden"), y, 1e-5, name + " " + kind + " output");
            Map<String, Tensor> fin = Npz.read(dir.resolve("final.npz"));
            assertClose(io.get("h_n"), fin.get("h_n"), 1e-5, name + " h_n");
            assertEquals(io.lstm(), fin.containsKey("c_n"));
            if (io.lstm()) assertClose(io.get("c_n"), fin.get("c_n"), 1e-5, name + " c_n");
        }
    }

    @ParameterizedTest
    @CsvSource({"rnn_tanh_1, false", "rnn_relu_2, true", "lstm_1, false", "lstm_2, false", "gru_1, false", "gru_2, false"})
    void float64InputIsComputedInFloat64(String name, boolean relu, @TempDir Path dir) throws IOException {
        Io io = Io.read(name);
        List<String> flags = io.writeInputs(dir, true);
        for (String kind : List.of("model", "bare")) {
            MainTest.Outcome o = predict(model(name, kind), relu, flags, dir);
            assertEquals(0, o.code(), o.err());
            Tensor y = Npy.read(dir.resolve("y.npy"));
            assertEquals(DType.F64, y.dtype());
            assertClose(io.get(kind.equals("model") ? "output" : "hidden"), y, 1e-12, name + " " + kind + " output");
            Map<String, Tensor> fin = Npz.read(dir.resolve("final.npz"));
            assertEquals(DType.F64, fin.get("h_n").dtype());
            assertClose(io.get("h_n"), fin.get("h_n"), 1e-12, name + " h_n");
            if (io.lstm()) assertClose(io.get("c_n"), fin.get("c_n"), 1e-12, name + " c_n");
        }
    }

    @Test
    void batchFirstGivesTheTransposedResult(@TempDir Path dir) throws IOException {
        Io io = Io.read("lstm_2");
        List<String> flags = io.writeInputs(dir, true);
        Tensor x = io.get("x");
        int[] s = x.shape();
        Npy.write(dir.resolve("x.npy"), Tensor.of(swap(x.asDoubles(), s[0], s[1], s[2]), s[1], s[0], s[2]));
        MainTest.Outcome o = predict(model("lstm_2", "model"), false, flags, dir, "--batch-first");
        assertEquals(0, o.code(), o.err());
        Tensor y = Npy.read(dir.resolve("y.npy")), expected = io.get("output");
        int[] e = expected.shape();
        assertClose(Tensor.of(swap(expected.asDoubles(), e[0], e[1], e[2]), e[1], e[0], e[2]), y, 1e-12, "batch-first output");
        assertClose(io.get("h_n"), Npz.read(dir.resolve("final.npz")).get("h_n"), 1e-12, "h_n keeps [layers, B, H]");
    }

    @Test
    void paddedStepsGiveZeroOutputAndTheStateOfTheLastRealStep(@TempDir Path dir) throws IOException {
        Io io = Io.read("gru_1");
        List<String> flags = io.writeInputs(dir, true);
        int[] lengths = {6, 2, 4, 1};
        Npy.write(dir.resolve("lengths.npy"), Tensor.of(new long[] {6, 2, 4, 1}, 4));
        MainTest.Outcome o = predict(model("gru_1", "bare"), false, flags, dir, "--lengths", dir.resolve("lengths.npy").toString());
        assertEquals(0, o.code(), o.err());
        double[] y = Npy.read(dir.resolve("y.npy")).asDoubles(), full = io.get("hidden").asDoubles();
        double[] hN = Npz.read(dir.resolve("final.npz")).get("h_n").asDoubles();
        int batch = 4, h = 5;
        for (int t = 0; t < 6; t++)
            for (int b = 0; b < batch; b++)
                for (int j = 0; j < h; j++) {
                    int at = (t * batch + b) * h + j;
                    assertEquals(t < lengths[b] ? full[at] : 0, y[at], 1e-12, "t " + t + " b " + b);
                    if (t == lengths[b] - 1) assertEquals(full[at], hN[b * h + j], 1e-12, "h_n of sequence " + b);
                }
    }

    static double[] swap(double[] v, int a, int b, int w) {
        double[] out = new double[v.length];
        for (int i = 0; i < a; i++)
            for (int j = 0; j < b; j++) System.arraycopy(v, (i * b + j) * w, out, (j * a + i) * w, w);
        return out;
    }

    // ---- export and import ---------------------------------------------------------------------

    @Test
    void exportThenPredictGivesTheSameOutputs(@TempDir Path dir) throws IOException {
        Io io = Io.read("lstm_2");
        List<String> flags = io.writeInputs(dir, false);
        Path exported = dir.resolve("e.safetensors");
        MainTest.Outcome e = MainTest.run("export", "--model", model("lstm_2", "model"), "--output", exported.toString(),
                "--prefix", "rnn.", "--readout-name", "fc");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("nn.LSTM(input_size=3, hidden_size=5, num_layers=2)"), e.out());
        assertTrue(e.out().contains("nn.Linear(5, 2), as fc"), e.out());
        assertEquals(SafeTensors.read(PYTORCH.resolve("lstm_2.model.safetensors")).tensors().keySet(),
                SafeTensors.read(exported).tensors().keySet(), "the names PyTorch saved");
        assertEquals(0, predict(model("lstm_2", "model"), false, flags, dir).code());
        Tensor original = Npy.read(dir.resolve("y.npy"));
        assertEquals(0, predict(exported.toString(), false, flags, dir).code());
        assertEquals(original, Npy.read(dir.resolve("y.npy")));

        MainTest.Outcome bare = MainTest.run("export", "--model", model("lstm_2", "model"), "--output", exported.toString());
        assertEquals(0, bare.code(), bare.err());
        assertTrue(bare.out().contains("readout not exported"), bare.out());
        assertTrue(SafeTensors.read(exported).tensors().keySet().stream().allMatch(k -> k.matches("(weight|bias)_(ih|hh)_l\\d")));
    }

    @Test
    void importWritesRnnlabsModelFileAndSaysWhatItFound(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("m.safetensors");
        MainTest.Outcome o = MainTest.run("import", "--input", model("gru_2", "model"), "--output", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("a PyTorch state dict, 2 layers, 3 inputs, 5 hidden units, a readout of 2 outputs"), o.out());
        assertTrue(o.out().contains("cell: gru"), o.out());
        ModelFile.Loaded m = ModelFile.load(out, Blas.get(), false);
        ModelFile.Loaded original = ModelFile.load(PYTORCH.resolve("gru_2.model.safetensors"), Blas.get(), false);
        assertTrue(!m.pytorch() && m.hasReadout());
        for (Parameter p : original.network().parameters())
            assertArrayEquals(p.value(), m.network().parameter(p.name()).value(), p.name());

        MainTest.Outcome bare = MainTest.run("import", "--input", model("rnn_tanh_1", "bare"), "--output", out.toString());
        assertEquals(0, bare.code(), bare.err());
        assertTrue(bare.out().contains("no readout") && bare.out().contains("--rnn-relu"), bare.out());
        assertFalse(ModelFile.load(out, Blas.get(), false).hasReadout());
    }

    // ---- gradflow --model ----------------------------------------------------------------------

    @Test
    void gradflowProbesTheLoadedWeights(@TempDir Path dir) throws IOException {
        NetworkConfig config = new NetworkConfig(CellType.RNN_TANH, 2, 6, 1, 1);
        RecurrentNetwork net = new RecurrentNetwork(config, Blas.get());
        Initialization.defaults().apply(config, net.parameters(), Rng.create(3));
        Arrays.fill(net.parameter("weight_hh_l0").value(), 0f);  // no path back in time: every lag past 0 is zero
        Path model = dir.resolve("rnn.safetensors");
        ModelFile.save(model, net);
        MainTest.Outcome o = MainTest.run("gradflow", "--model", model.toString(), "-T", "12", "--batch", "4",
                "--out", dir.resolve("out").toString());
        assertEquals(0, o.code(), o.err());
        List<String> rows = Files.readAllLines(dir.resolve("out").resolve("rnn").resolve("gradflow_init.csv"));
        assertEquals(14, rows.size());
        assertTrue(Double.parseDouble(rows.get(1).split(",")[1]) > 0, rows.get(1));
        for (String row : rows.subList(2, rows.size())) assertEquals(0.0, Double.parseDouble(row.split(",")[1]), row);
        assertTrue(Files.readString(dir.resolve("out").resolve("report.html")).contains("loaded from " + model));
    }

    // ---- refusals ------------------------------------------------------------------------------

    /** Runs the command; asserts exit code 2 and one line on stderr containing every fragment. */
    static void refused(List<String> args, String... fragments) {
        MainTest.Outcome o = MainTest.run(args.toArray(String[]::new));
        assertEquals(2, o.code(), args + " -> " + o.err() + o.out());
        String[] lines = o.err().strip().split("\n");
        assertEquals(1, lines.length, "one line: " + o.err());
        assertTrue(lines[0].startsWith("rnnlab: "), lines[0]);
        for (String f : fragments) assertTrue(lines[0].contains(f), "'" + f + "' in: " + lines[0]);
    }

    static List<String> args(Path dir, String model, String... more) {
        List<String> a = new ArrayList<>(List.of("predict", "--model", model, "--input", dir.resolve("x.npy").toString(),
                "--output", dir.resolve("y.npy").toString()));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void everyBadInputIsOneLineAndExitCode2(@TempDir Path dir) throws IOException {
        Io.read("gru_1").writeInputs(dir, false);
        String gru = model("gru_1", "model"), x = dir.resolve("x.npy").toString();
        refused(args(dir, dir.resolve("nowhere.safetensors").toString()), "--model", "nowhere.safetensors", "no such file");
        refused(args(dir, dir.toString()), "--model", "is a directory");
        byte[] bytes = Files.readAllBytes(Path.of(gru));
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 9));
        refused(args(dir, truncated.toString()), truncated.toString(), "truncated");
        refused(List.of("predict", "--model", gru, "--input", dir.resolve("none.npy").toString(), "--output", "y.npy"),
                "--input", "no such file");

        Tensor good = Npy.read(dir.resolve("x.npy"));
        Npy.write(dir.resolve("x.npy"), Tensor.of(good.asFloats(), 6, 12));
        refused(args(dir, gru), x, "shape is [6, 12]", "[T, B, I]");
        Npy.write(dir.resolve("x.npy"), Tensor.of(new float[6 * 4 * 2], 6, 4, 2));
        refused(args(dir, gru), x, "2 inputs per step", "takes 3");
        Npy.write(dir.resolve("x.npy"), Tensor.of(new int[6 * 4 * 3], 6, 4, 3));
        refused(args(dir, gru), x, "dtype is I32");
        float[] nan = good.asFloats();
        nan[(2 * 4 + 1) * 3] = Float.NaN;
        Npy.write(dir.resolve("x.npy"), Tensor.of(nan, 6, 4, 3));
        refused(args(dir, gru), x, "element [2, 1, 0] is NaN");
        Npy.write(dir.resolve("x.npy"), good);

        Npy.write(dir.resolve("c0.npy"), Tensor.of(new float[20], 1, 4, 5));
        refused(args(dir, gru, "--c0", dir.resolve("c0.npy").toString()), "--c0", "gru", "only for an LSTM");
        Npy.write(dir.resolve("h0.npy"), Tensor.of(new float[20], 2, 2, 5));
        refused(args(dir, gru, "--h0", dir.resolve("h0.npy").toString()), "h0.npy", "[2, 2, 5]", "[1, 4, 5]");
        float[] inf = new float[20];
        inf[7] = Float.POSITIVE_INFINITY;
        Npy.write(dir.resolve("h0.npy"), Tensor.of(inf, 1, 4, 5));
        refused(args(dir, gru, "--h0", dir.resolve("h0.npy").toString()), "h0.npy", "element [0, 1, 2] is Infinity");
        Npy.write(dir.resolve("lengths.npy"), Tensor.of(new long[] {6, 0, 3, 3}, 4));
        refused(args(dir, gru, "--lengths", dir.resolve("lengths.npy").toString()), "lengths.npy", "element [1] is 0", "[1, 6]");

        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        refused(List.of("predict", "--model", gru, "--input", x, "--output", file.resolve("y.npy").toString()),
                "cannot write --output", "a-file is a file, not a directory", "choose another path");
        refused(List.of("predict", "--model", gru, "--input", x, "--output", dir.toString()), "--output", "is a directory");
        refused(args(dir, gru, "--bogus"), "--bogus");
        refused(List.of("predict", "--model", gru), "--input");
        refused(List.of("predict", "--model", gru, "--input", x, "--output", dir.resolve("y.npy").toString(), "--blas", "fortran"), "--blas");
    }

    @Test
    void exportImportAndGradflowRefusals(@TempDir Path dir) throws IOException {
        String out = dir.resolve("o.safetensors").toString();
        refused(List.of("export", "--model", model("gru_1", "bare"), "--output", out, "--readout-name", "fc"), "has no readout");
        refused(List.of("export", "--model", model("gru_1", "model"), "--output", out, "--prefix", "rnn"), "prefix", "rnn.");
        Path noForget = dir.resolve("nf.safetensors");
        NetworkConfig c = new NetworkConfig(CellType.LSTM_NO_FORGET, 2, 3, 1, 1);
        ModelFile.save(noForget, new RecurrentNetwork(c, Blas.get()));
        refused(List.of("export", "--model", noForget.toString(), "--output", out), "lstm-no-forget", "no PyTorch counterpart");
        Path notAModel = dir.resolve("x.safetensors");
        SafeTensors.write(notAModel, Map.of("x", Tensor.of(new float[1], 1)));
        refused(List.of("import", "--input", notAModel.toString(), "--output", out), notAModel.toString(), "no recurrent weights");
        refused(List.of("import", "--input", dir.resolve("missing").toString(), "--output", out), "--input", "no such file");
        refused(List.of("gradflow", "--model", model("gru_1", "model"), "--out", dir.toString()), "3 inputs and 2 outputs", "2 inputs and 1 output");
        refused(List.of("gradflow", "--model", model("gru_1", "bare"), "--out", dir.toString()), "no readout");
        refused(List.of("gradflow", "--model", model("gru_1", "model"), "--cells", "lstm"), "--cells does not apply with --model");
    }
}
