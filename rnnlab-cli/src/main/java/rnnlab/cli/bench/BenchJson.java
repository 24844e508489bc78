package rnnlab.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import rnnlab.cli.bench.BenchRun.BlasRun;

/**
 * The benchmark as JSON, for machines: every figure of the table, unrounded, with units in the
 * field names (ms, bytes, per_s); timings as {@code {median, min, max, n}}.
 */
public final class BenchJson {
    private BenchJson() {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The run as an indented JSON document. */
    public static String of(BenchRun run) {
        try {
            return JSON.writeValueAsString(describe(run)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the benchmark as JSON", e);
        }
    }

    static Map<String, Object> describe(BenchRun run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rnnlab", run.rnnlab());
        m.put("date", run.machine().date());
        m.put("machine", run.machine());
        m.put("command", run.command());
        m.put("warmup_steps", run.warmup());
        m.put("reps", run.reps());
        m.put("runs", run.runs().stream().map(b -> blasRun(b, run.peers())).toList());
        m.put("peers", run.peers().source());
        m.put("peers_measured", run.peers().measured());
        return m;
    }

    private static Map<String, Object> blasRun(BlasRun b, PeerTimes peers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("blas", b.blas());
        m.put("threads", b.threads());
        m.put("engine_threads", b.engineThreads());
        m.put("products", b.products());
        m.put("cells", b.cells());
        m.put("low_memory", b.lowMemory());
        m.put("sgemm_square", sgemm(b.square()));
        m.put("rows", b.rows().stream().map(r -> row(r, peers)).toList());
        m.put("probes", b.probes().stream().map(BenchJson::probe).toList());
        return m;
    }

    private static Map<String, Object> config(Map<String, Object> m, rnnlab.nn.CellType cell, BenchConfig c) {
        m.put("cell", cell.cliName());
        m.put("task", c.task());
        m.put("inputs", c.inputs());
        m.put("hidden", c.hidden());
        m.put("batch", c.batch());
        m.put("steps", c.steps());
        m.put("outputs", c.outputs());
        return m;
    }

    private static Map<String, Object> sgemm(SgemmPeak p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("m", p.m());
        m.put("n", p.n());
        m.put("k", p.k());
        m.put("trans_b", p.transB());
        m.put("ms", p.millis());
        m.put("gflops", p.gflops());
        return m;
    }

    private static Map<String, Object> row(RowResult r, PeerTimes peers) {
        Map<String, Object> m = config(new LinkedHashMap<>(), r.cell(), r.config());
        m.put("train_ms", r.trainMs());
        m.put("infer_ms", r.inferMs());
        m.put("time_steps_per_s", r.timeStepsPerSecond());
        m.put("train_gflops", r.trainGflops());
        m.put("infer_gflops", r.inferGflops());
        m.put("sgemm_same_flops", sgemm(r.sgemm()));
        m.put("train_percent_of_sgemm", r.percentOfSgemm());
        m.put("alloc_bytes_per_step", r.bytesPerStep());
        m.put("alloc_bytes_per_time_step", r.bytesPerTimeStep());
        m.put("alloc_bytes_per_inference", r.bytesPerInference());
        m.put("gc_count", r.collections());
        m.put("activation_bytes", r.memory().heldBytes());
        m.put("activation_bytes_minimum", r.memory().minimumBytes());
        m.put("activation_ratio", r.memory().ratio());
        m.put("peak_rss_bytes", r.peakRssBytes());
        m.put("warmup_rounds", r.warmup().rounds());
        m.put("warmup_seconds", r.warmup().seconds());
        m.put("warmup_jit_quiet", r.warmup().quiet());
        m.put("host_steal_percent", Double.isNaN(r.stealPercent()) ? null : r.stealPercent());
        OptionalDouble peer = peers.libtorchMs(r.cell(), r.config());
        OptionalDouble ratio = peers.ratio(r.cell(), r.config(), r.trainMs().median());
        m.put("libtorch_ms", peer.isPresent() ? peer.getAsDouble() : null);
        m.put("ratio_to_libtorch", ratio.isPresent() ? ratio.getAsDouble() : null);
        m.put("target_ratio", peer.isPresent() ? PeerFigures.target(r.config()) : null);
        return m;
    }

    private static Map<String, Object> probe(ProbeCost p) {
        Map<String, Object> m = config(new LinkedHashMap<>(), p.cell(), p.config());
        m.put("probe_every", p.every());
        m.put("off_ms", p.offMs());
        m.put("on_ms", p.onMs());
        m.put("ratio", p.ratio());
        m.put("throughput_ratio", p.throughputRatio());
        m.put("probe_ms", p.normsMs());
        m.put("overhead_from_parts", p.overheadFromParts());
        m.put("analyse_ms", p.analyseMs());
        m.put("analyse_in_steps", p.analyseInSteps());
        return m;
    }
}
