package rnnlab.peers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Puts one run of {@code scripts/bench-peers} together: the per-row JSON files of rnnlab
 * ({@code rnnlab bench --json}), libtorch ({@link LibtorchBench}) and PyTorch
 * ({@code scripts/bench-pytorch.py}) in one directory, read in name order, become one JSON
 * (rows matched by cell and I,H,B,T,O; ratios of rnnlab's training ms to each peer's) and a
 * markdown table. {@code rnnlab bench --peers} reads the JSON's libtorch column. Where a tool
 * measured a row in several rounds (several files), its figures are the median of the rounds'
 * medians, the least minimum and the greatest maximum, with each round's median beside
 * ({@link #mergeRounds}). A peer run under several OpenMP wait policies (its JSON's
 * threads.OMP_WAIT_POLICY) is taken at its best: the policy with the least median. Beside a
 * tool's file, {@code NAME.steal} (written by bench-peers) holds the percent of the CPUs' busy
 * time the hypervisor stole while that tool ran: a row is noisy when rnnlab's or libtorch's
 * steal reached {@link #NOISY_STEAL_PERCENT} in any round.
 *
 * <pre>java -cp rnnlab-peers.jar rnnlab.peers.Combine DIR OUT.json OUT.md [key=value...]</pre>
 *
 * The key=value pairs (the command, the load average at the start and end, ...) go into the
 * JSON's "run" object and the markdown's header as given.
 */
public final class Combine {
    private Combine() {}

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: Combine DIR OUT.json OUT.md [key=value...]");
            System.exit(2);
        }
        try {
            Map<String, String> run = new LinkedHashMap<>();
            for (int i = 3; i < args.length; i++) {
                int eq = args[i].indexOf('=');
                if (eq < 1) throw new IllegalArgumentException("expected key=value, got " + args[i]);
                run.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            }
            Map<String, Object> doc = combine(Path.of(args[0]), run);
            writeAtomically(Path.of(args[1]), LibtorchBench.json().writeValueAsString(doc) + "\n");
            writeAtomically(Path.of(args[2]), markdown(doc));
            System.out.println("wrote " + args[1] + " and " + args[2]);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("Combine: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Writes beside the file and moves it in place, so that a reader never sees half of it. */
    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static final List<String> TOOLS = List.of("rnnlab", "libtorch", "pytorch");

    /** The steal from which a row does not count: as rnnlab bench's HostSteal.NOISY_PERCENT (this module builds on no rnnlab module). */
    static final double NOISY_STEAL_PERCENT = 5;

    /** The combined document of every *.json in {@code dir}. */
    static Map<String, Object> combine(Path dir, Map<String, String> run) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        Map<String, Object> sources = new LinkedHashMap<>();
        // row key -> tool -> OpenMP wait policy ("" for rnnlab) -> one entry per file (round)
        Map<String, Map<String, Map<String, List<Map<String, Object>>>>> rounds = new LinkedHashMap<>();
        Object machine = null;
        String date = null;
        for (Path f : files) {
            JsonNode root;
            try {
                root = json.readTree(f.toFile());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(f + " is not whole JSON (" + e.getOriginalMessage()
                        + "): measure that tool's row again, or delete the file and its .steal");
            }
            String tool;
            String policy = "";
            List<JsonNode> found = new ArrayList<>();
            String load;
            if (root.has("runs")) { // rnnlab bench
                tool = "rnnlab";
                JsonNode first = root.path("runs").path(0);
                first.path("rows").forEach(found::add);
                load = root.path("machine").path("load").asText("?");
                if (machine == null) machine = json.convertValue(root.get("machine"), Map.class);
                if (date == null) date = root.path("date").asText(null);
                Map<String, Object> about = new LinkedHashMap<>();
                about.put("version", root.path("rnnlab").asText());
                about.put("blas", first.path("blas").asText());
                about.put("blas_threads", first.path("threads").asInt());
                about.put("engine_threads", first.path("engine_threads").asInt(1)); // batch shards
                if (first.has("products")) about.put("products", first.path("products").asText());
                about.put("warmup_steps", root.path("warmup_steps").asInt());
                about.put("reps", root.path("reps").asInt());
                sources.putIfAbsent(tool, about);
            } else if (root.has("peer")) {
                tool = root.get("peer").asText();
                if (!TOOLS.contains(tool)) throw new IllegalArgumentException(f + ": unknown peer " + tool);
                policy = policy(root);
                root.path("rows").forEach(found::add);
                load = root.path("machine").path("load_average_start").asText("?");
                Map<String, Object> about = new LinkedHashMap<>();
                for (String k : List.of("version", "via", "threads", "mkldnn_enabled", "warmup_steps", "reps"))
                    if (root.has(k)) about.put(k, json.convertValue(root.get(k), Object.class));
                sources.putIfAbsent(tool, about);
            } else {
                throw new IllegalArgumentException(f + ": neither rnnlab bench's JSON nor a peer's");
            }
            for (JsonNode r : found) {
                String key = key(r);
                Map<String, Object> row = rows.computeIfAbsent(key, k -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("cell", r.path("cell").asText());
                    for (String field : List.of("task", "inputs", "hidden", "batch", "steps", "outputs"))
                        m.put(field, json.convertValue(r.get(field), Object.class));
                    for (String t : TOOLS) m.put(t, null);
                    return m;
                });
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("train_ms", json.convertValue(r.get("train_ms"), Map.class));
                m.put("infer_ms", json.convertValue(r.get("infer_ms"), Map.class));
                m.put("load_average_at_start", load);
                m.put("host_steal_percent", steal(f));
                m.put("file", f.getFileName().toString());
                rounds.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(tool, k -> new LinkedHashMap<>())
                        .computeIfAbsent(policy, k -> new ArrayList<>()).add(m);
            }
        }
        for (Map.Entry<String, Map<String, Object>> e : rows.entrySet()) {
            Map<String, Object> row = e.getValue();
            rounds.get(e.getKey()).forEach((tool, byPolicy) -> best(row, tool, byPolicy));
            Double ours = trainMedian(row, "rnnlab");
            for (String peer : List.of("libtorch", "pytorch")) {
                Double theirs = trainMedian(row, peer);
                row.put("ratio_to_" + peer, ours == null || theirs == null ? null : ours / theirs);
            }
            row.put("target_ratio", ((Number) row.get("hidden")).intValue() <= 256 ? 2.0 / 3 : 0.8);
            row.put("noisy", noisy(row));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("date", date);
        doc.put("run", run);
        doc.put("machine", machine);
        doc.put("sources", sources);
        doc.put("rows", new ArrayList<>(rows.values()));
        return doc;
    }

    /**
     * A tool's figures for a row: per OpenMP wait policy its rounds merged, and the policy with
     * the least training median taken (the peer at its best on this machine and load); with
     * more than one policy, {@code TOOL_by_policy} gives each one's median.
     */
    private static void best(Map<String, Object> row, String tool, Map<String, List<Map<String, Object>>> byPolicy) {
        Map<String, Object> best = null;
        Map<String, Object> medians = new LinkedHashMap<>();
        for (Map.Entry<String, List<Map<String, Object>>> p : byPolicy.entrySet()) {
            List<Map<String, Object>> each = p.getValue();
            Map<String, Object> figure = each.size() == 1 ? each.getFirst() : mergeRounds(each);
            if (!p.getKey().isEmpty()) figure.put("omp_wait_policy", p.getKey());
            double median = trainMedianOf(figure);
            medians.put(p.getKey(), median);
            if (best == null || median < trainMedianOf(best)) best = figure;
        }
        row.put(tool, best);
        if (byPolicy.size() > 1) row.put(tool + "_by_policy", medians);
    }

    @SuppressWarnings("unchecked")
    private static double trainMedianOf(Map<String, Object> figure) {
        return number((Map<String, Object>) figure.get("train_ms"), "median");
    }

    /**
     * The OpenMP wait policy a peer ran under: its JSON's threads.OMP_WAIT_POLICY, "default"
     * where it was unset (null), "unrecorded" where the field is missing (runs before it).
     */
    static String policy(JsonNode peer) {
        JsonNode p = peer.path("threads").path("OMP_WAIT_POLICY");
        if (p.isMissingNode()) return "unrecorded";
        return p.isNull() || p.asText().isEmpty() ? "default" : p.asText().toLowerCase(Locale.ROOT);
    }

    /**
     * One tool's figures for a row measured in several rounds: train_ms and infer_ms become the
     * median of the rounds' medians (the mean of the middle two for an even count), the least
     * minimum, the greatest maximum and the total count; {@code rounds} lists each round's
     * training median, {@code files} the files, and the load is the first round's.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergeRounds(List<Map<String, Object>> each) {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (String timing : List.of("train_ms", "infer_ms")) {
            List<Map<String, Object>> stats = each.stream().map(m -> (Map<String, Object>) m.get(timing)).toList();
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("median", medianOf(stats.stream().mapToDouble(x -> number(x, "median")).sorted().toArray()));
            t.put("min", stats.stream().mapToDouble(x -> number(x, "min")).min().orElseThrow());
            t.put("max", stats.stream().mapToDouble(x -> number(x, "max")).max().orElseThrow());
            t.put("n", stats.stream().mapToInt(x -> ((Number) x.get("n")).intValue()).sum());
            merged.put(timing, t);
        }
        merged.put("rounds", each.stream().map(m -> number((Map<String, Object>) m.get("train_ms"), "median")).toList());
        merged.put("load_average_at_start", each.getFirst().get("load_average_at_start"));
        List<Double> steals = each.stream().map(m -> (Double) m.get("host_steal_percent")).toList();
        merged.put("steal_rounds", steals);
        merged.put("host_steal_percent", steals.contains(null) ? null : steals.stream().mapToDouble(d -> d).max().orElseThrow());
        merged.put("files", each.stream().map(m -> m.get("file")).toList());
        return merged;
    }

    /** The percent in {@code NAME.steal} beside {@code NAME.json}, or null where there is none. */
    private static Double steal(Path json) throws IOException {
        String name = json.getFileName().toString();
        Path file = json.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".steal");
        if (!Files.exists(file)) return null;
        String text = Files.readString(file).trim();
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException e) {
            return null; // "?" when /proc/stat was not there
        }
    }

    /** Whether rnnlab's or libtorch's greatest steal over the rounds reached the threshold; null where unknown. */
    @SuppressWarnings("unchecked")
    static Boolean noisy(Map<String, Object> row) {
        boolean unknown = false;
        for (String tool : List.of("rnnlab", "libtorch")) {
            Map<String, Object> t = (Map<String, Object>) row.get(tool);
            Double steal = t == null ? null : (Double) t.get("host_steal_percent");
            if (steal == null) unknown = true;
            else if (steal >= NOISY_STEAL_PERCENT) return true;
        }
        return unknown ? null : false;
    }

    private static double number(Map<String, Object> stats, String name) {
        return ((Number) stats.get(name)).doubleValue();
    }

    private static double medianOf(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String key(JsonNode r) {
        return r.path("cell").asText() + " " + r.path("inputs").asInt() + "," + r.path("hidden").asInt() + ","
                + r.path("batch").asInt() + "," + r.path("steps").asInt() + "," + r.path("outputs").asInt();
    }

    @SuppressWarnings("unchecked")
    static Double median(Map<String, Object> row, String tool, String timing) {
        Map<String, Object> t = (Map<String, Object>) row.get(tool);
        if (t == null) return null;
        Map<String, Object> s = (Map<String, Object>) t.get(timing);
        return s == null ? null : ((Number) s.get("median")).doubleValue();
    }

    static Double trainMedian(Map<String, Object> row, String tool) {
        return median(row, tool, "train_ms");
    }

    /** The markdown: the run, the sources, training and inference ms side by side with the ratios. */
    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> doc) {
        StringBuilder s = new StringBuilder();
        Map<String, Object> machine = (Map<String, Object>) doc.get("machine");
        Map<String, String> run = (Map<String, String>) doc.get("run");
        Map<String, Object> sources = (Map<String, Object>) doc.get("sources");
        s.append("# rnnlab beside libtorch and PyTorch, same machine, same run\n\n");
        if (machine != null)
            s.append(String.format(Locale.ROOT, "Machine: %s, %s cores, %s; %s; Java %s. Started %s.%n%n", machine.get("cpu"),
                    machine.get("cores"), machine.get("memory"), machine.get("os"), machine.get("java"), doc.get("date")));
        for (Map.Entry<String, String> e : run.entrySet()) s.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        for (Map.Entry<String, Object> e : sources.entrySet()) s.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        s.append("\nms per training step (zero gradients, forward, linear head and softmax cross-entropy at every step, "
                + "backward, Adam; float32; one fixed batch), median [min, max] of the timed steps; rows of one cell "
                + "and shape were measured one after another (rnnlab, libtorch, PyTorch), each tool in a process of its own; "
                + "with several rounds (the order reversed in every second round), the median of the rounds' medians "
                + "[the least min, the greatest max]; steal: the percent of the CPUs' busy time the hypervisor gave to other "
                + "guests while each tool ran, the greatest over its rounds (a row is noisy, *, where rnnlab's or "
                + "libtorch's reached " + Math.round(NOISY_STEAL_PERCENT) + " %: its times say more about the host than the code); "
                + "load: the 1-minute load average as each tool started (its first round); OpenMP wait: the peers' "
                + "OMP_WAIT_POLICY whose figure is shown, where each ran under several, the one with the least median.\n\n");
        List<Map<String, Object>> rows = (List<Map<String, Object>>) doc.get("rows");
        s.append(verdict(rows)).append("\n\n");
        s.append("| cell | I,H,B,T | O | rnnlab | libtorch | PyTorch | rnnlab / libtorch | rnnlab / PyTorch | target | "
                + "steal % (rnnlab; libtorch; PyTorch) | load (rnnlab; libtorch; PyTorch) | OpenMP wait (libtorch; PyTorch) |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
        for (Map<String, Object> row : rows) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | ≤ %.2f | %s | %s | %s |%n", row.get("cell"),
                    shape(row), row.get("outputs"), timing(row, "rnnlab", "train_ms"), timing(row, "libtorch", "train_ms"),
                    timing(row, "pytorch", "train_ms"), ratio(row.get("ratio_to_libtorch")) + (Boolean.TRUE.equals(row.get("noisy")) ? " *" : ""),
                    ratio(row.get("ratio_to_pytorch")), ((Number) row.get("target_ratio")).doubleValue(), steals(row), loads(row),
                    policies(row)));
        }
        s.append("\nms per inference pass (forward and the head at every step, no loss, no gradient recording):\n\n");
        s.append("| cell | I,H,B,T | rnnlab | libtorch | PyTorch | rnnlab / libtorch |\n|---|---|---:|---:|---:|---:|\n");
        for (Map<String, Object> row : (List<Map<String, Object>>) doc.get("rows")) {
            Double ours = median(row, "rnnlab", "infer_ms"), theirs = median(row, "libtorch", "infer_ms");
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", row.get("cell"), shape(row),
                    timing(row, "rnnlab", "infer_ms"), timing(row, "libtorch", "infer_ms"), timing(row, "pytorch", "infer_ms"),
                    ratio(ours == null || theirs == null ? null : ours / theirs)));
        }
        return s.toString();
    }

    private static String shape(Map<String, Object> row) {
        String shape = row.get("inputs") + "," + row.get("hidden") + "," + row.get("batch") + "," + row.get("steps");
        String task = (String) row.get("task");
        return task == null || task.isEmpty() ? shape : shape + " " + task;
    }

    @SuppressWarnings("unchecked")
    private static String timing(Map<String, Object> row, String tool, String timing) {
        Map<String, Object> t = (Map<String, Object>) row.get(tool);
        if (t == null || t.get(timing) == null) return "–";
        Map<String, Object> s = (Map<String, Object>) t.get(timing);
        return ms(((Number) s.get("median")).doubleValue()) + " [" + ms(((Number) s.get("min")).doubleValue()) + ", "
                + ms(((Number) s.get("max")).doubleValue()) + "]";
    }

    /** "Quiet rows (steal under 5 % for rnnlab and libtorch): 9 of 18, the target met in 8; noisy: 9." */
    static String verdict(List<Map<String, Object>> rows) {
        int quiet = 0, met = 0, noisy = 0, unknown = 0;
        for (Map<String, Object> row : rows) {
            Boolean n = (Boolean) row.get("noisy");
            if (n == null) unknown++;
            else if (n) noisy++;
            else {
                quiet++;
                Object r = row.get("ratio_to_libtorch");
                if (r != null && ((Number) r).doubleValue() <= ((Number) row.get("target_ratio")).doubleValue()) met++;
            }
        }
        return String.format(Locale.ROOT, "Quiet rows (steal under %d %% while rnnlab and libtorch ran): %d of %d, the target met in %d; "
                + "noisy: %d%s.", Math.round(NOISY_STEAL_PERCENT), quiet, rows.size(), met, noisy, unknown == 0 ? "" : "; steal unknown: " + unknown);
    }

    /** "3; 12": each measured tool's greatest steal, "?" where unknown. */
    private static String steals(Map<String, Object> row) {
        return eachTool(row, m -> {
            Double steal = (Double) m.get("host_steal_percent");
            return steal == null ? "?" : String.format(Locale.ROOT, "%.0f", steal);
        });
    }

    /** "default; passive": the policy of the figure shown, per peer; "–" where the peer has no row. */
    @SuppressWarnings("unchecked")
    private static String policies(Map<String, Object> row) {
        List<String> l = new ArrayList<>();
        for (String t : List.of("libtorch", "pytorch")) {
            Map<String, Object> m = (Map<String, Object>) row.get(t);
            l.add(m == null ? "–" : String.valueOf(m.getOrDefault("omp_wait_policy", "?")));
        }
        return String.join("; ", l);
    }

    /** "1.90; 1.84": each measured tool's 1-minute load average as it started. */
    private static String loads(Map<String, Object> row) {
        return eachTool(row, m -> String.valueOf(m.get("load_average_at_start")).split(" ")[0]);
    }

    /** {@code cell} of each tool that measured the row, in {@link #TOOLS} order, joined by "; ". */
    @SuppressWarnings("unchecked")
    private static String eachTool(Map<String, Object> row, Function<Map<String, Object>, String> cell) {
        List<String> l = new ArrayList<>();
        for (String t : TOOLS) {
            Map<String, Object> m = (Map<String, Object>) row.get(t);
            if (m != null) l.add(cell.apply(m));
        }
        return String.join("; ", l);
    }

    private static String ratio(Object r) {
        if (r == null) return "–";
        double v = ((Number) r).doubleValue();
        return String.format(Locale.ROOT, v < 0.1 ? "%.3f" : "%.2f", v);
    }

    /** As rnnlab's table writes milliseconds: 0.123, 12.3, 1,234. */
    static String ms(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }
}
