package rnnlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnnlab.io.MalformedFileException;
import rnnlab.io.SafeTensors;
import rnnlab.io.Tensor;
import rnnlab.math.Blas;
import rnnlab.math.Rng;
import rnnlab.nn.CellType;
import rnnlab.nn.Initialization;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.Parameter;
import rnnlab.nn.RecurrentNetwork;

class ModelFileTest {
    static RecurrentNetwork network(CellType cell, int layers) {
        NetworkConfig c = new NetworkConfig(cell, 3, 5, layers, 2);
        RecurrentNetwork n = new RecurrentNetwork(c, Blas.get());
        Initialization.defaults().apply(c, n.parameters(), Rng.create(4));
        return n;
    }

    @Test
    void roundTripKeepsEveryWeightAndTheConfiguration(@TempDir Path dir) throws IOException {
        for (CellType cell : CellType.values()) {
            RecurrentNetwork n = network(cell, 2);
            Path f = dir.resolve(cell + ".safetensors");
            ModelFile.save(f, n);
            ModelFile.Loaded m = ModelFile.load(f, Blas.get(), false);
            assertEquals(n.config(), m.network().config());
            assertTrue(m.hasReadout() && !m.pytorch());
            for (Parameter p : n.parameters()) assertArrayEquals(p.value(), m.network().parameter(p.name()).value(), p.name());
        }
    }

    /** A PyTorch-style state dict of an LSTM (H = 2, I = 3) with the given changes. */
    private static Map<String, Tensor> lstmDict() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("rnn.weight_ih_l0", Tensor.of(new float[8 * 3], 8, 3));
        t.put("rnn.weight_hh_l0", Tensor.of(new float[8 * 2], 8, 2));
        t.put("rnn.bias_ih_l0", Tensor.of(new float[8], 8));
        t.put("rnn.bias_hh_l0", Tensor.of(new float[8], 8));
        return t;
    }

    private static String refusal(Path dir, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        SafeTensors.write(f, tensors, metadata);
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> ModelFile.load(f, Blas.get(), false));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void pytorchDictsRnnlabCannotRunAreRefusedByName(@TempDir Path dir) throws IOException {
        var bi = lstmDict();
        bi.put("rnn.weight_ih_l0_reverse", Tensor.of(new float[24], 8, 3));
        assertTrue(refusal(dir, bi, Map.of()).contains("bidirectional"));
        var proj = lstmDict();
        proj.put("rnn.weight_hr_l0", Tensor.of(new float[2], 1, 2));
        assertTrue(refusal(dir, proj, Map.of()).contains("proj_size"));
        var two = lstmDict();
        two.put("other.weight_ih_l0", Tensor.of(new float[24], 8, 3));
        assertTrue(refusal(dir, two, Map.of()).contains("two recurrent modules"));
        var odd = lstmDict();
        odd.put("rnn.weight_hh_l0", Tensor.of(new float[4], 2, 2 * 1)); // 1×H rows but ih says 4H
        assertTrue(refusal(dir, odd, Map.of()).contains("weight_ih_l0"));
        var wide = lstmDict();
        wide.put("rnn.weight_hh_l0", Tensor.of(new float[10], 5, 2));
        assertTrue(refusal(dir, wide, Map.of()).contains("not 1, 3 or 4 times"));
        var ints = lstmDict();
        ints.put("rnn.weight_ih_l0", Tensor.of(new int[24], 8, 3));
        assertTrue(refusal(dir, ints, Map.of()).contains("not a float tensor"));
        var nan = lstmDict();
        float[] w = new float[24];
        w[5] = Float.NaN;
        nan.put("rnn.weight_ih_l0", Tensor.of(w, 8, 3));
        assertTrue(refusal(dir, nan, Map.of()).contains("weight_ih_l0[5] is NaN"));
        var gap = lstmDict();
        gap.put("rnn.weight_ih_l2", Tensor.of(new float[16], 8, 2)); // no layer 1
        assertTrue(refusal(dir, gap, Map.of()).contains("layers are"));
        assertTrue(refusal(dir, Map.of("x", Tensor.of(new float[1], 1)), Map.of()).contains("no recurrent weights"));
        assertTrue(refusal(dir, lstmDict(), Map.of(ModelFile.CONFIG_KEY, "{\"format\": 9}")).contains("format"));
        assertTrue(refusal(dir, lstmDict(), Map.of(ModelFile.CONFIG_KEY, "not json")).contains("not a valid configuration"));
    }

    @Test
    void pytorchLstmWithoutBiasesLoadsWithZeroBiases(@TempDir Path dir) throws IOException {
        var noBias = lstmDict();
        noBias.remove("rnn.bias_ih_l0");
        noBias.remove("rnn.bias_hh_l0");
        Path f = dir.resolve("nobias.safetensors");
        SafeTensors.write(f, noBias, Map.of());
        ModelFile.Loaded m = ModelFile.load(f, Blas.get(), false);
        assertEquals(new NetworkConfig(CellType.LSTM, 3, 2, 1, 1), m.network().config());
        assertTrue(!m.hasReadout());
    }

    @Test
    void aCharacterModelKeepsItsVocabularyAndAGarbledOneIsAClearError(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("text.safetensors");
        RecurrentNetwork n = network(CellType.LSTM, 1);
        int[] vocabulary = {10, 'a', 0x1F600};
        ModelFile.save(f, n, vocabulary);
        assertArrayEquals(vocabulary, ModelFile.vocabulary(f));
        assertEquals(n.config(), ModelFile.load(f, Blas.get(), false).network().config(), "still an ordinary model file");
        Path plain = dir.resolve("plain.safetensors");
        ModelFile.save(plain, n);
        assertEquals(null, ModelFile.vocabulary(plain));
        for (String garbled : new String[] {"[1,\"x\"]", "{}", "[1114112]"}) {
            Path g = dir.resolve("garbled.safetensors");
            SafeTensors.write(g, ModelFile.weights(n), Map.of(ModelFile.CONFIG_KEY, ModelFile.configJson(n.config()),
                    ModelFile.VOCABULARY_KEY, garbled));
            var e = assertThrows(MalformedFileException.class, () -> ModelFile.vocabulary(g), garbled);
            assertTrue(e.getMessage().contains(ModelFile.VOCABULARY_KEY), e.getMessage());
        }
    }

    @Test
    void truncatedModelFileIsAClearError(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, network(CellType.GRU, 1));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 7));
        var e = assertThrows(MalformedFileException.class, () -> ModelFile.load(f, Blas.get(), false));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void exportedStateDictLoadsBackWithEveryWeight(@TempDir Path dir) throws IOException {
        for (CellType cell : new CellType[] {CellType.RNN_TANH, CellType.RNN_RELU, CellType.LSTM, CellType.GRU}) {
            RecurrentNetwork n = network(cell, 2);
            Path bare = dir.resolve(cell + ".bare.safetensors"), full = dir.resolve(cell + ".full.safetensors");
            var names = ModelFile.exportPyTorch(bare, n, "", null);
            assertEquals(n.config().parameterShapes().keySet().stream().filter(k -> !k.startsWith("readout.")).toList(), names);
            ModelFile.exportPyTorch(full, n, "rnn.", "fc");
            SafeTensors.Contents c = SafeTensors.read(full);
            assertEquals("pt", c.metadata().get("format"));
            assertTrue(c.tensors().containsKey("rnn.weight_hh_l1") && c.tensors().containsKey("fc.bias"), c.tensors().keySet().toString());

            ModelFile.Loaded b = ModelFile.load(bare, Blas.get(), false);  // relu from the metadata, no flag
            assertTrue(b.pytorch() && !b.hasReadout());
            assertEquals(new NetworkConfig(cell, 3, 5, 2, 1), b.network().config());
            ModelFile.Loaded f = ModelFile.load(full, Blas.get(), false);
            assertTrue(f.pytorch() && f.hasReadout());
            assertEquals(n.config(), f.network().config());
            for (Parameter p : n.parameters()) {
                assertArrayEquals(p.value(), f.network().parameter(p.name()).value(), p.name());
                if (!p.name().startsWith("readout.")) assertArrayEquals(p.value(), b.network().parameter(p.name()).value(), p.name());
            }
        }
    }

    @Test
    void exportRefusesWhatPyTorchCannotHold(@TempDir Path dir) {
        Path f = dir.resolve("x.safetensors");
        var noForget = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.exportPyTorch(f, network(CellType.LSTM_NO_FORGET, 1), "", null));
        assertTrue(noForget.getMessage().contains("no PyTorch counterpart"), noForget.getMessage());
        RecurrentNetwork n = network(CellType.GRU, 1);
        for (String prefix : new String[] {"rnn", "a b.", ".", "rnn.."})
            assertThrows(IllegalArgumentException.class, () -> ModelFile.exportPyTorch(f, n, prefix, null), prefix);
        assertThrows(IllegalArgumentException.class, () -> ModelFile.exportPyTorch(f, n, "fc.", "fc"));
        assertThrows(IllegalArgumentException.class, () -> ModelFile.exportPyTorch(f, n, "", "f c"));
        assertTrue(!Files.exists(f));
    }

    @Test
    void aModelSavedWithoutReadoutLoadsWithoutOne(@TempDir Path dir) throws IOException {
        RecurrentNetwork n = network(CellType.LSTM, 1);
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, n, false);
        assertTrue(SafeTensors.read(f).tensors().keySet().stream().noneMatch(k -> k.startsWith("readout.")));
        ModelFile.Loaded m = ModelFile.load(f, Blas.get(), false);
        assertTrue(!m.hasReadout() && !m.pytorch());
        assertArrayEquals(n.parameter("weight_hh_l0").value(), m.network().parameter("weight_hh_l0").value());
    }

    @Test
    void float64WeightsAreKeptExactForTheReference(@TempDir Path dir) throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        double third = 1.0 / 3;
        double[] w = new double[3 * 2];
        java.util.Arrays.fill(w, third);
        t.put("weight_ih_l0", Tensor.of(w, 3, 2));
        t.put("weight_hh_l0", Tensor.of(new double[3], 3, 1));
        Path f = dir.resolve("gru64.safetensors");
        SafeTensors.write(f, t);
        ModelFile.Loaded m = ModelFile.load(f, Blas.get(), false);
        assertEquals(CellType.GRU, m.network().config().cell());
        assertEquals((float) third, m.network().parameter("weight_ih_l0").value()[0]);
        assertEquals(third, m.reference().parameters().get("weight_ih_l0")[0]);
        assertEquals(0.0, m.reference().parameters().get("bias_hh_l0")[2]);
    }
}
