package rnnlab.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import rnnlab.io.MalformedFileException;
import rnnlab.io.SafeTensors;
import rnnlab.io.Tensor;
import rnnlab.math.Lxm;
import rnnlab.nn.NetworkConfig;
import rnnlab.train.Checkpoint;
import rnnlab.train.OptimizerState;
import rnnlab.train.TrainingRun.StepRecord;

/**
 * A run's checkpoints in one directory: {@code step-00001000.safetensors}, …, the last
 * {@code keep} of them. Each is a complete model file (weights under their PyTorch names and
 * the configuration, so {@code predict} and {@code gradflow} read it) plus the optimiser's
 * buffers ({@code optimizer.<param>.<buffer>}), the data generator's state ({@code rng.data}),
 * the metrics so far ({@code metrics}, F64 [steps, 9]) and, in the metadata, the step, the run's
 * fingerprint and whatever the caller adds (the CLI adds its command line).
 *
 * <p>Writes are atomic (temporary file, fsync, rename), and older checkpoints are deleted only
 * after the new one is in place, so a crash at any moment leaves the last good checkpoint.
 * {@link #latest} skips files that do not read back whole.
 */
public final class CheckpointStore {
    /** The metadata key of the checkpoint's own fields (JSON). */
    public static final String CHECKPOINT_KEY = "rnnlab_checkpoint";
    private static final Pattern NAME = Pattern.compile("step-(\\d{8,})\\.safetensors");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int METRIC_COLUMNS = StepRecord.COLUMNS.size();

    private final Path dir;
    private final int keep;

    /** A store in {@code dir} keeping the newest {@code keep} checkpoints (at least 1). */
    public CheckpointStore(Path dir, int keep) {
        if (keep < 1) throw new IllegalArgumentException("must keep at least 1 checkpoint, got " + keep);
        this.dir = dir;
        this.keep = keep;
    }

    /** A checkpoint read back, with the metadata the caller stored beside it. */
    public record Saved(Path file, Checkpoint checkpoint, NetworkConfig config, Map<String, String> metadata) {}

    /** The file of the checkpoint at {@code step}. */
    public Path fileFor(int step) {
        return dir.resolve(String.format("step-%08d.safetensors", step));
    }

    /**
     * Writes {@code c} of a network shaped {@code config}, then deletes all but the newest
     * {@code keep}. {@code metadata} is stored beside rnnlab's own keys.
     */
    public Path save(Checkpoint c, NetworkConfig config, Map<String, String> metadata) throws IOException {
        SequencedMap<String, Tensor> tensors = new LinkedHashMap<>();
        var shapes = config.parameterShapes();
        c.weights().forEach((name, v) -> tensors.put(name, Tensor.of(v, shapes.get(name))));
        c.optimizer().buffers().forEach((name, v) -> tensors.put("optimizer." + name, Tensor.of(v, v.length)));
        tensors.put("rng.data", Tensor.of(c.dataRng(), 4));
        tensors.put("metrics", Tensor.of(metrics(c.history()), c.history().size(), METRIC_COLUMNS));
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(ModelFile.CONFIG_KEY, ModelFile.configJson(config));
        meta.put(CHECKPOINT_KEY, ownFields(c));
        Path file = fileFor(c.step());
        SafeTensors.write(file, tensors, meta);
        prune();
        return file;
    }

    /** The newest checkpoint that reads back whole; empty if there is none. Unreadable ones are skipped. */
    public Optional<Saved> latest() throws IOException {
        for (Path file : files()) {
            try {
                return Optional.of(read(file));
            } catch (MalformedFileException e) {
                // a half-written or damaged file: fall back to the one before
            }
        }
        return Optional.empty();
    }

    /** Every checkpoint file, newest first. */
    public List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(found::add);
        }
        found.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        return found;
    }

    private void prune() throws IOException {
        List<Path> all = files();
        for (int i = keep; i < all.size(); i++) Files.deleteIfExists(all.get(i));
    }

    /** Reads one checkpoint file; MalformedFileException if it is not a whole, valid one. */
    public static Saved read(Path file) throws IOException {
        return read(SafeTensors.read(file), file);
    }

    /** {@link #read(Path)} of a file already read. */
    static Saved read(SafeTensors.Contents contents, Path file) {
        String name = file.toString();
        String config = contents.metadata().get(ModelFile.CONFIG_KEY), own = contents.metadata().get(CHECKPOINT_KEY);
        if (config == null || own == null)
            throw new MalformedFileException(name, "it is not an rnnlab checkpoint (no " + CHECKPOINT_KEY + " metadata)",
                    "give the directory of a run that rnnlab train wrote");
        NetworkConfig c = ModelFile.parseConfig(config, name);
        ModelFile.requireShapes(c, contents.tensors(), true, name);
        try {
            JsonNode f = JSON.readTree(own);
            int step = f.path("step").asInt(-1);
            Map<String, float[]> weights = new LinkedHashMap<>();
            for (String p : c.parameterShapes().keySet()) weights.put(p, contents.tensor(p).asFloats());
            Map<String, float[]> buffers = new LinkedHashMap<>();
            contents.tensors().forEach((k, t) -> {
                if (!k.startsWith("optimizer.")) return;
                String buffer = k.substring("optimizer.".length()), param = buffer.substring(0, Math.max(0, buffer.lastIndexOf('.')));
                float[] values = t.asFloats();
                if (!weights.containsKey(param) || weights.get(param).length != values.length)
                    throw new MalformedFileException(name, k + " fits no parameter of the network", "resume from an earlier checkpoint");
                buffers.put(buffer, values);
            });
            long[] rng = contents.tensor("rng.data").asLongs();
            Lxm.restore(rng); // a state the generator can continue from, or IllegalArgumentException
            Checkpoint cp = new Checkpoint(step, f.path("fingerprint").asText(), weights,
                    new OptimizerState(f.path("optimizer_step").asLong(-1), buffers), rng,
                    f.path("skipped_updates").asLong(), f.path("non_finite_in_a_row").asInt(),
                    f.path("elapsed_seconds").asDouble(), history(contents.tensor("metrics"), name));
            Map<String, String> meta = new LinkedHashMap<>(contents.metadata());
            meta.remove(ModelFile.CONFIG_KEY);
            meta.remove(CHECKPOINT_KEY);
            return new Saved(file, cp, c, meta);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            if (e instanceof MalformedFileException m) throw m;
            throw new MalformedFileException(name, "it is not a valid checkpoint (" + e.getMessage() + ")",
                    "resume from an earlier checkpoint, or start the run again");
        }
    }

    /** The step number in a checkpoint file's name, or -1. */
    public static int stepOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static String ownFields(Checkpoint c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", c.step());
        m.put("fingerprint", c.fingerprint());
        m.put("optimizer_step", c.optimizer().step());
        m.put("skipped_updates", c.skippedUpdates());
        m.put("non_finite_in_a_row", c.nonFiniteInARow());
        m.put("elapsed_seconds", c.elapsedSeconds());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] metrics(List<StepRecord> history) {
        double[] m = new double[history.size() * METRIC_COLUMNS];
        for (int r = 0; r < history.size(); r++) System.arraycopy(history.get(r).values(), 0, m, r * METRIC_COLUMNS, METRIC_COLUMNS);
        return m;
    }

    private static List<StepRecord> history(Tensor t, String file) {
        int[] s = t.shape();
        if (s.length != 2 || s[1] != METRIC_COLUMNS)
            throw new MalformedFileException(file, "its metrics are " + java.util.Arrays.toString(s) + ", not [steps, "
                    + METRIC_COLUMNS + "]", "resume from an earlier checkpoint");
        double[] m = t.asDoubles();
        List<StepRecord> h = new ArrayList<>(s[0]);
        for (int r = 0; r < s[0]; r++) h.add(StepRecord.of(m, r * METRIC_COLUMNS));
        return h;
    }
}
