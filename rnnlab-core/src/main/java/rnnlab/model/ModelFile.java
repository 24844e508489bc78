package rnnlab.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import rnnlab.io.DType;
import rnnlab.io.MalformedFileException;
import rnnlab.io.SafeTensors;
import rnnlab.io.Tensor;
import rnnlab.math.Blas;
import rnnlab.nn.CellType;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.Parameter;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.reference.ReferenceNetwork;

/**
 * A network in a safetensors file. Tensors carry PyTorch's names and layout ({@code weight_ih_l0}
 * [G·H, I], …, gate blocks i, f, g, o and r, z, n), plus {@code readout.weight} [O, H] and
 * {@code readout.bias} [O]; rnnlab's configuration is JSON under the metadata key
 * {@value #CONFIG_KEY}.
 *
 * <p>{@link #load} also takes a bare PyTorch state dict ({@code safetensors.torch.save_file(
 * model.state_dict(), path)}): the cell follows from the shapes ({@code weight_hh_l0} has 4H rows
 * for an LSTM, 3H for a GRU, H for an RNN), the layers from the names; a common module prefix
 * such as {@code rnn.} is allowed, and a {@code Linear} beside it ({@code X.weight} [O, H],
 * {@code X.bias} [O]) becomes the readout. Without one the network has no readout and its output
 * is the top layer's hidden state, as PyTorch's {@code output}. A file that {@link #exportPyTorch}
 * wrote says in its metadata ({@value #EXPORTED_CELL_KEY}) whether an RNN is {@code rnn-relu}.
 *
 * <p>{@link #exportPyTorch} writes the other way: a bare state dict that PyTorch's
 * {@code load_state_dict(safetensors.torch.load_file(path))} accepts.
 */
public final class ModelFile {
    /** The metadata key of rnnlab's configuration JSON. */
    public static final String CONFIG_KEY = "rnnlab_config";
    /**
     * The metadata key of an exported state dict naming rnnlab's cell ({@code rnn-relu}, …), so
     * that importing it back needs no {@code --rnn-relu}. PyTorch ignores metadata.
     */
    public static final String EXPORTED_CELL_KEY = "rnnlab_cell";
    /**
     * The metadata key of a character model's vocabulary: the JSON array of its symbols' code
     * points, in symbol order (written by {@code train --task text}, read by {@code sample}).
     */
    public static final String VOCABULARY_KEY = "rnnlab_vocabulary";
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READOUT = "readout.";
    /** A PyTorch module path: attribute names joined by dots (Sequential's "0" included). */
    private static final Pattern MODULE_PATH = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");
    private static final Pattern RECURRENT = Pattern.compile("(.*?)(weight_ih|weight_hh|bias_ih|bias_hh)_l(\\d+)(_reverse)?");

    private ModelFile() {}

    /**
     * A loaded network.
     *
     * @param network the network, weights loaded
     * @param hasReadout whether the file had a readout; if not, the readout is zero and unused,
     *     and the output is the top layer's hidden state
     * @param pytorch whether the file was a bare PyTorch state dict
     * @param weights every parameter as the file stores it (F32, or F64 kept exact), by rnnlab's
     *     name ({@code weight_ih_l0}, …, {@code readout.weight}); parameters the file lacks
     *     (PyTorch's {@code bias=False}, an absent readout) as F32 zeros
     */
    public record Loaded(RecurrentNetwork network, boolean hasReadout, boolean pytorch, SequencedMap<String, Tensor> weights) {
        public Loaded {
            weights = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(weights));
        }

        /** The double-precision reference network of these weights: F64 weights exactly, F32 widened. */
        public ReferenceNetwork reference() {
            Map<String, double[]> values = new LinkedHashMap<>();
            weights.forEach((name, t) -> values.put(name, t.asDoubles()));
            return new ReferenceNetwork(network.config(), values);
        }
    }

    /** Writes the network (its weights and configuration) to {@code file}, atomically. */
    public static void save(Path file, RecurrentNetwork network) throws IOException {
        save(file, network, true);
    }

    /**
     * As {@link #save(Path, RecurrentNetwork)}; without a readout ({@code hasReadout} false, as a
     * bare PyTorch module) the readout is not written and loading gives the hidden states as output.
     */
    public static void save(Path file, RecurrentNetwork network, boolean hasReadout) throws IOException {
        SequencedMap<String, Tensor> tensors = weights(network);
        if (!hasReadout) tensors.keySet().removeIf(name -> name.startsWith(READOUT));
        SafeTensors.write(file, tensors, Map.of(CONFIG_KEY, configJson(network.config(), hasReadout)));
    }

    /**
     * As {@link #save(Path, RecurrentNetwork)}, with a character model's vocabulary (the code
     * point of each input and output symbol) in the metadata, for {@link #vocabulary}.
     */
    public static void save(Path file, RecurrentNetwork network, int[] vocabulary) throws IOException {
        SafeTensors.write(file, weights(network), Map.of(CONFIG_KEY, configJson(network.config(), true),
                VOCABULARY_KEY, Arrays.toString(vocabulary).replace(" ", "")));
    }

    /**
     * The vocabulary a character model was saved with, or null when the file has none (it was
     * not trained on text).
     *
     * @throws MalformedFileException if the file is no safetensors file or the vocabulary is garbled
     */
    public static int[] vocabulary(Path file) throws IOException {
        String json = SafeTensors.read(file).metadata().get(VOCABULARY_KEY);
        if (json == null) return null;
        try {
            int[] v = JSON.readValue(json, int[].class);
            for (int c : v)
                if (!Character.isValidCodePoint(c)) throw new IllegalArgumentException(c + " is no Unicode code point");
            return v;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedFileException(file.toString(), "its " + VOCABULARY_KEY + " metadata is not a list of code points ("
                    + e.getMessage().lines().findFirst().orElse("") + ")", "train the model again with --task text");
        }
    }

    /** The network's parameters as tensors, by name. */
    static SequencedMap<String, Tensor> weights(RecurrentNetwork network) {
        SequencedMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) tensors.put(p.name(), Tensor.of(p.value(), p.shape()));
        return tensors;
    }

    static String configJson(NetworkConfig c) {
        return configJson(c, true);
    }

    /** The configuration JSON; "readout": false only when there is none, so older files read the same. */
    static String configJson(NetworkConfig c, boolean hasReadout) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("cell", c.cell().cliName());
        m.put("input_size", c.inputSize());
        m.put("hidden_size", c.hiddenSize());
        m.put("layers", c.layers());
        m.put("output_size", c.outputSize());
        if (!hasReadout) m.put("readout", false);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the network as a bare PyTorch state dict: float32 tensors named as PyTorch names
     * them, with no rnnlab configuration (the metadata holds only {@code format: pt} and
     * {@value #EXPORTED_CELL_KEY}, which PyTorch ignores). With an empty prefix and no readout,
     * {@code nn.LSTM(...).load_state_dict(load_file(path))} accepts it as it is (see
     * {@link #pytorchModule} for the module to build); with prefix {@code "rnn."} and readout
     * module {@code "fc"} it fits a module holding {@code self.rnn} and {@code self.fc = nn.Linear(H, O)}.
     *
     * @param prefix put before every recurrent tensor's name: empty, or ending in '.'
     * @param readoutModule the readout's module name ({@code fc} gives {@code fc.weight} and
     *     {@code fc.bias}), or null to leave the readout out
     * @return the names written, in order
     * @throws IllegalArgumentException for a cell PyTorch lacks ({@code lstm-no-forget}), or a
     *     prefix or module name that PyTorch could not hold or that would collide
     */
    public static List<String> exportPyTorch(Path file, RecurrentNetwork network, String prefix, String readoutModule)
            throws IOException {
        pytorchModule(network.config());
        boolean modulePath = prefix.endsWith(".") && MODULE_PATH.matcher(prefix.substring(0, prefix.length() - 1)).matches();
        if (!prefix.isEmpty() && !modulePath)
            throw new IllegalArgumentException("the prefix '" + prefix + "' is not a module path ending in '.': use e.g. rnn. (or nothing)");
        if (readoutModule != null && !MODULE_PATH.matcher(readoutModule).matches())
            throw new IllegalArgumentException("the readout name '" + readoutModule + "' is not a module name: use e.g. fc");
        if (readoutModule != null && prefix.equals(readoutModule + "."))
            throw new IllegalArgumentException("the readout and the recurrent module are both '" + readoutModule
                    + "': give them different names, e.g. rnn. and fc");
        SequencedMap<String, Tensor> tensors = new LinkedHashMap<>();
        weights(network).forEach((name, t) -> {
            if (!name.startsWith(READOUT)) tensors.put(prefix + name, t);
            else if (readoutModule != null) tensors.put(readoutModule + "." + name.substring(READOUT.length()), t);
        });
        SafeTensors.write(file, tensors, Map.of("format", "pt", EXPORTED_CELL_KEY, network.config().cell().cliName()));
        return List.copyOf(tensors.keySet());
    }

    /**
     * The PyTorch module with this configuration's recurrent weights, as Python, e.g.
     * {@code nn.LSTM(input_size=3, hidden_size=5, num_layers=2)}.
     *
     * @throws IllegalArgumentException for {@code lstm-no-forget}, which PyTorch lacks
     */
    public static String pytorchModule(NetworkConfig c) {
        String sizes = "input_size=" + c.inputSize() + ", hidden_size=" + c.hiddenSize() + ", num_layers=" + c.layers();
        return switch (c.cell()) {
            case RNN_TANH -> "nn.RNN(" + sizes + ")";
            case RNN_RELU -> "nn.RNN(" + sizes + ", nonlinearity='relu')";
            case LSTM -> "nn.LSTM(" + sizes + ")";
            case GRU -> "nn.GRU(" + sizes + ")";
            case LSTM_NO_FORGET -> throw new IllegalArgumentException(
                    "an lstm-no-forget has no PyTorch counterpart (nn.LSTM always has a forget gate); export an lstm or another cell");
        };
    }

    /**
     * Loads rnnlab's own model file (or checkpoint), or a bare PyTorch state dict.
     *
     * @param rnnRelu for a bare PyTorch {@code nn.RNN}: whether it was built with
     *     {@code nonlinearity='relu'} (the file cannot tell)
     * @throws MalformedFileException if the file is no safetensors file, or its tensors are no
     *     network rnnlab can run (the message names what is missing or wrongly shaped)
     */
    public static Loaded load(Path file, Blas blas, boolean rnnRelu) throws IOException {
        return load(SafeTensors.read(file), file.toString(), blas, rnnRelu);
    }

    /** {@link #load(Path, Blas, boolean)} of a file already read; {@code name} names it in errors. */
    static Loaded load(SafeTensors.Contents contents, String name, Blas blas, boolean rnnRelu) throws IOException {
        try {
            String config = contents.metadata().get(CONFIG_KEY);
            if (config != null) {
                NetworkConfig c = parseConfig(config, name);
                boolean hasReadout = JSON.readTree(config).path("readout").asBoolean(true);
                requireShapes(c, contents.tensors(), hasReadout, name); // before the network is allocated
                RecurrentNetwork network = new RecurrentNetwork(c, blas);
                var weights = loadInto(network, contents.tensors(), "", hasReadout ? READOUT : null, false, name);
                return new Loaded(network, hasReadout, false, weights);
            }
            boolean relu = rnnRelu || CellType.RNN_RELU.cliName().equals(contents.metadata().get(EXPORTED_CELL_KEY));
            return loadPyTorch(contents.tensors(), blas, relu, name);
        } catch (MalformedFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new MalformedFileException(name, "its tensors make no network rnnlab can run (" + e.getMessage() + ")",
                    "save the whole model again");
        }
    }

    /**
     * Every tensor the configuration names is in the file with the configured shape: checked
     * before anything is allocated from the configuration, whose numbers are not to be trusted.
     */
    static void requireShapes(NetworkConfig c, Map<String, Tensor> tensors, boolean hasReadout, String file) {
        if (c.layers() > tensors.size()) // each layer has four tensors: no need to list a billion names to see it
            throw new MalformedFileException(file, "its configuration has " + c.layers() + " layers, its "
                    + tensors.size() + " tensors cannot hold them", "save the whole model again");
        for (var e : c.parameterShapes().entrySet()) {
            if (!hasReadout && e.getKey().startsWith(READOUT)) continue;
            Tensor t = tensors.get(e.getKey());
            if (t == null)
                throw new MalformedFileException(file, "it lacks " + e.getKey() + " " + java.util.Arrays.toString(e.getValue()),
                        "save the whole model");
            if (!java.util.Arrays.equals(t.shape(), e.getValue()))
                throw new MalformedFileException(file, e.getKey() + " is " + shape(t) + ", its configuration needs "
                        + java.util.Arrays.toString(e.getValue()), "check that the file matches its configuration");
        }
    }

    static NetworkConfig parseConfig(String json, String file) {
        try {
            JsonNode n = JSON.readTree(json);
            int format = n.path("format").asInt(-1);
            if (format != FORMAT)
                throw new MalformedFileException(file, "model format " + n.path("format") + " is not " + FORMAT,
                        "save it again with this version of rnnlab");
            return new NetworkConfig(CellType.parse(n.path("cell").asText()), n.path("input_size").asInt(),
                    n.path("hidden_size").asInt(), n.path("layers").asInt(), n.path("output_size").asInt());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            if (e instanceof MalformedFileException m) throw m;
            throw new MalformedFileException(file, "its " + CONFIG_KEY + " metadata is not a valid configuration ("
                    + e.getMessage().lines().findFirst().orElse("") + ")", "save it again with rnnlab");
        }
    }

    private static Loaded loadPyTorch(SequencedMap<String, Tensor> tensors, Blas blas, boolean rnnRelu, String file) {
        String prefix = null;
        TreeSet<Integer> layers = new TreeSet<>();
        for (String key : tensors.keySet()) {
            Matcher m = RECURRENT.matcher(key);
            if (!m.matches()) continue;
            if (m.group(4) != null)
                throw new MalformedFileException(file, "'" + key + "' belongs to a bidirectional network",
                        "rnnlab runs one direction: export a model built with bidirectional=False");
            if (prefix != null && !prefix.equals(m.group(1)))
                throw new MalformedFileException(file, "it holds two recurrent modules ('" + prefix + "' and '" + m.group(1) + "')",
                        "save the state dict of one nn.RNN, nn.LSTM or nn.GRU (with at most one nn.Linear after it)");
            prefix = m.group(1);
            layers.add(Integer.parseInt(m.group(3)));
        }
        if (prefix == null)
            throw new MalformedFileException(file, "it holds no recurrent weights (no weight_ih_l0) and no " + CONFIG_KEY
                    + " metadata", "save a PyTorch nn.RNN, nn.LSTM or nn.GRU state dict, or an rnnlab model");
        for (String key : tensors.keySet())
            if (key.startsWith(prefix + "weight_hr_l"))
                throw new MalformedFileException(file, "'" + key + "' is an LSTM projection (proj_size > 0)",
                        "rnnlab's LSTM has no projection: export a model with proj_size=0");
        if (layers.first() != 0 || layers.last() != layers.size() - 1)
            throw new MalformedFileException(file, "its layers are " + layers + ", not 0.." + (layers.size() - 1),
                    "save the whole module's state dict");
        Tensor hh = required(tensors, prefix + "weight_hh_l0", file), ih = required(tensors, prefix + "weight_ih_l0", file);
        requireRank(hh, 2, prefix + "weight_hh_l0", file);
        requireRank(ih, 2, prefix + "weight_ih_l0", file);
        int hidden = hh.shape()[1], rows = hh.shape()[0];
        if (hidden < 1 || rows % hidden != 0 || !(rows / hidden == 1 || rows / hidden == 3 || rows / hidden == 4))
            throw new MalformedFileException(file, prefix + "weight_hh_l0 is " + shape(hh) + ": its rows are not 1, 3 or 4 times its columns",
                    "rnnlab reads nn.RNN (H rows), nn.GRU (3H) and nn.LSTM (4H) weights");
        CellType cell = switch (rows / hidden) {
            case 4 -> CellType.LSTM;
            case 3 -> CellType.GRU;
            default -> rnnRelu ? CellType.RNN_RELU : CellType.RNN_TANH;
        };
        Map.Entry<String, int[]> readout = findReadout(tensors, prefix, hidden, file);
        int outputs = readout == null ? 1 : readout.getValue()[0];
        NetworkConfig config = new NetworkConfig(cell, ih.shape()[1], hidden, layers.size(), outputs);
        RecurrentNetwork network = new RecurrentNetwork(config, blas);
        var weights = loadInto(network, tensors, prefix, readout == null ? null : readout.getKey(), true, file);
        return new Loaded(network, readout != null, true, weights);
    }

    /** A Linear beside the recurrent module: "X.weight" [O, H] with "X.bias" [O]; null if none. */
    private static Map.Entry<String, int[]> findReadout(SequencedMap<String, Tensor> tensors, String prefix, int hidden,
                                                        String file) {
        Map.Entry<String, int[]> found = null;
        for (var e : tensors.entrySet()) {
            String key = e.getKey();
            if (!key.endsWith(".weight") || RECURRENT.matcher(key).matches()) continue;
            String module = key.substring(0, key.length() - "weight".length());
            if (module.equals(prefix)) continue;
            int[] s = e.getValue().shape();
            if (s.length != 2 || s[1] != hidden) continue;
            if (found != null)
                throw new MalformedFileException(file, "two modules could be the readout ('" + found.getKey() + "' and '"
                        + module + "')", "save the recurrent module with at most one nn.Linear after it");
            found = Map.entry(module, s);
        }
        return found;
    }

    /**
     * Copies the tensors into the network and returns them by parameter name: recurrent weights
     * from {@code prefix + name}, the readout from {@code readoutModule + weight/bias} (zero when
     * readoutModule is null). With {@code optionalBiases} (PyTorch's {@code bias=False}) missing
     * recurrent biases stay zero.
     */
    private static SequencedMap<String, Tensor> loadInto(RecurrentNetwork network, SequencedMap<String, Tensor> tensors,
                                                         String prefix, String readoutModule, boolean optionalBiases,
                                                         String file) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        SequencedMap<String, Tensor> stored = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) {
            String key = p.name().startsWith(READOUT)
                    ? (readoutModule == null ? null : readoutModule + p.name().substring(READOUT.length()))
                    : prefix + p.name();
            Tensor t = key == null ? null : tensors.get(key);
            boolean optional = key == null || p.name().startsWith("bias_") && optionalBiases;
            if (t == null && optional) {
                weights.put(p.name(), new float[p.size()]);
                stored.put(p.name(), Tensor.of(new float[p.size()], p.shape()));
                continue;
            }
            if (t == null) throw new MalformedFileException(file, "it lacks " + key + " " + java.util.Arrays.toString(p.shape()),
                    "save the whole model");
            if (!java.util.Arrays.equals(t.shape(), p.shape()))
                throw new MalformedFileException(file, key + " is " + shape(t) + ", the network needs "
                        + java.util.Arrays.toString(p.shape()), "check that the file matches its configuration");
            if (t.dtype() != DType.F32 && t.dtype() != DType.F64)
                throw new MalformedFileException(file, key + " is " + t.dtype() + ", not a float tensor",
                        "save the weights as float32 (model.float())");
            float[] values = t.asFloats();
            for (int i = 0; i < values.length; i++)
                if (!Float.isFinite(values[i]))
                    throw new MalformedFileException(file, key + "[" + i + "] is " + values[i], "weights must be finite numbers");
            weights.put(p.name(), values);
            stored.put(p.name(), t);
        }
        network.loadWeights(weights);
        return stored;
    }

    private static Tensor required(SequencedMap<String, Tensor> tensors, String key, String file) {
        Tensor t = tensors.get(key);
        if (t == null) throw new MalformedFileException(file, "it lacks " + key, "save the whole module's state dict");
        return t;
    }

    private static void requireRank(Tensor t, int rank, String key, String file) {
        if (t.rank() != rank) throw new MalformedFileException(file, key + " is " + shape(t) + ", not a matrix",
                "save an unmodified PyTorch state dict");
    }

    private static String shape(Tensor t) {
        return java.util.Arrays.toString(t.shape());
    }
}
