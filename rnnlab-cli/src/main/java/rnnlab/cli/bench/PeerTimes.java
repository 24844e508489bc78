package rnnlab.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import rnnlab.nn.CellType;

/**
 * libtorch's milliseconds per training step that {@code bench} shows beside its own: either the
 * speed issue's figures from another machine ({@link #ISSUE}, from {@link PeerFigures}), or
 * figures measured with {@code rnnlab-peers} ({@code --peers FILE}): its libtorch JSON, or the
 * combined JSON of {@code scripts/bench-peers}. A measured figure belongs to a cell and a whole
 * shape, I, H, B, T and O.
 */
public final class PeerTimes {
    /** The fallback: the issue's figures, measured on another machine. */
    public static final PeerTimes ISSUE = new PeerTimes(PeerFigures.SOURCE, false, null);

    private final String source;
    private final boolean measured;
    private final Map<String, Double> trainMs; // null for ISSUE

    private PeerTimes(String source, boolean measured, Map<String, Double> trainMs) {
        this.source = source;
        this.measured = measured;
        this.trainMs = trainMs;
    }

    /** The peers file does not hold libtorch's figures in a form this reader knows. */
    public static final class MalformedPeersException extends IllegalArgumentException {
        MalformedPeersException(String message) {
            super(message);
        }
    }

    /**
     * Reads a libtorch JSON of {@code rnnlab-peers} or the combined JSON of {@code scripts/bench-peers}.
     *
     * @param thisCpu this machine's CPU, said in the source when the file's differs
     * @throws IOException if the file cannot be read
     * @throws MalformedPeersException if it is not JSON, or holds no libtorch rows
     */
    public static PeerTimes read(Path file, String thisCpu) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new MalformedPeersException(file + " is not JSON: " + e.getOriginalMessage());
        }
        return parse(root, file.toString(), thisCpu);
    }

    /** {@link #read} on a parsed document; {@code name} names it in the source and in errors. */
    static PeerTimes parse(JsonNode root, String name, String thisCpu) {
        if (root == null || !root.isObject() || !root.path("rows").isArray())
            throw new MalformedPeersException(name + ": expected an object with \"rows\" (a libtorch JSON of rnnlab-peers "
                    + "or the combined JSON of scripts/bench-peers)");
        boolean single = root.has("peer");
        if (single && !"libtorch".equals(root.path("peer").asText()))
            throw new MalformedPeersException(name + " holds " + root.path("peer").asText() + "'s figures, not libtorch's");
        JsonNode about = single ? root : root.path("sources").path("libtorch");
        Map<String, Double> ms = new HashMap<>();
        for (JsonNode row : root.get("rows")) {
            JsonNode timing = single ? row.path("train_ms") : row.path("libtorch").path("train_ms");
            JsonNode median = timing.path("median");
            if (!median.isNumber()) continue; // a combined row without a libtorch figure
            String cell = row.path("cell").asText();
            int[] shape = new int[5];
            String[] fields = {"inputs", "hidden", "batch", "steps", "outputs"};
            for (int i = 0; i < fields.length; i++) {
                if (!row.path(fields[i]).isInt())
                    throw new MalformedPeersException(name + ": a row without an integer \"" + fields[i] + "\": " + row);
                shape[i] = row.get(fields[i]).asInt();
            }
            if (cell.isEmpty() || median.asDouble() <= 0)
                throw new MalformedPeersException(name + ": a row without a cell or with a non-positive time: " + row);
            ms.put(key(cell, shape[0], shape[1], shape[2], shape[3], shape[4]), median.asDouble());
        }
        if (ms.isEmpty()) throw new MalformedPeersException(name + ": no libtorch rows");
        String version = about.path("version").asText("?");
        String cpu = root.path("machine").path("cpu").asText("");
        StringBuilder source = new StringBuilder(String.format(Locale.ROOT, "libtorch %s, ms per training step, measured %s",
                version, root.path("date").asText("(no date)")));
        if (!cpu.isEmpty()) source.append(" on ").append(cpu);
        String threads = about.path("threads").path("intra_op").asText("");
        if (!threads.isEmpty()) source.append(", ").append(threads).append(" threads");
        source.append(" (").append(name).append(')');
        // rnnlab's Machine adds the vector extension to the model name ("..., AVX-512"); rnnlab-peers' does not
        if (!cpu.isEmpty() && thisCpu != null && !thisCpu.startsWith(cpu) && !cpu.startsWith(thisCpu))
            source.append("; NOTE: another CPU than this machine's");
        return new PeerTimes(source.toString(), true, Map.copyOf(ms));
    }

    private static String key(String cell, int inputs, int hidden, int batch, int steps, int outputs) {
        return cell + " " + inputs + "," + hidden + "," + batch + "," + steps + "," + outputs;
    }

    /** libtorch's ms per training step for this cell and shape, if there is a figure. */
    public OptionalDouble libtorchMs(CellType cell, BenchConfig c) {
        if (trainMs == null) return PeerFigures.libtorchMs(cell, c);
        Double ms = trainMs.get(key(cell.cliName(), c.inputs(), c.hidden(), c.batch(), c.steps(), c.outputs()));
        return ms == null ? OptionalDouble.empty() : OptionalDouble.of(ms);
    }

    /** rnnlab's ms over libtorch's for this row, if there is a libtorch figure. */
    public OptionalDouble ratio(CellType cell, BenchConfig c, double rnnlabMs) {
        OptionalDouble peer = libtorchMs(cell, c);
        return peer.isPresent() ? OptionalDouble.of(rnnlabMs / peer.getAsDouble()) : OptionalDouble.empty();
    }

    /** Where the figures come from, for the output. */
    public String source() {
        return source;
    }

    /** Whether the figures were measured by rnnlab-peers (false: the issue's, from another machine). */
    public boolean measured() {
        return measured;
    }
}
