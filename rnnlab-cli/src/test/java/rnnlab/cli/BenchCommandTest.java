package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnnlab bench} on tiny shapes: the fields are there and the values are sane. No timing is asserted. */
class BenchCommandTest {
    /** A cold measurement (no warm-up): these tests check what bench reports, not how fast. */
    private static final String[] TINY = {"bench", "--config", "2,8,2,5", "--cell", "lstm", "--reps", "5", "--warmup", "0",
            "--threads", "1"};

    private static String[] tiny(String... more) {
        String[] args = java.util.Arrays.copyOf(TINY, TINY.length + more.length);
        System.arraycopy(more, 0, args, TINY.length, more.length);
        return args;
    }

    @Test
    void tablesAndJsonHaveEveryFigure(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench.json");
        MainTest.Outcome o = MainTest.run("bench", "--config", "2,8,2,5", "--cell", "lstm", "--reps", "5", "--warmup", "1",
                "--threads", "1", "--json", file.toString());
        assertEquals(0, o.code(), o.err());
        for (String column : List.of("train ms", "infer ms", "time steps/s", "GFLOP/s", "% sgemm", "alloc B/step",
                "B/time step", "GCs", "act. MB", "×min", "RSS MB", "warm-up", "steal", "machine: ", "blas: ", "engine: 1 thread ", "sgemm 1024"))
            assertTrue(o.out().contains(column), column + " in\n" + o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.startsWith("lstm  2,8,2,5")), o.out());
        assertTrue(o.err().contains("bench 1/1"), o.err());

        JsonNode run = new ObjectMapper().readTree(file.toFile());
        assertTrue(run.at("/machine/cores").asInt() >= 1);
        assertEquals(5, run.at("/reps").asInt());
        JsonNode blas = run.at("/runs/0");
        assertTrue(blas.at("/sgemm_square/gflops").asDouble() > 0, blas.toString());
        assertEquals(1, blas.at("/engine_threads").asInt(), blas.toString());
        assertTrue(blas.at("/rows/0/sgemm_same_flops/gflops").asDouble() > 0, blas.toString());
        assertEquals(10, blas.at("/rows/0/sgemm_same_flops/m").asInt());
        assertTrue(blas.at("/cells").asText().startsWith(rnnlab.math.FixedProducts.vectorAvailable() ? "vector" : "scalar"), blas.toString());
        JsonNode row = blas.at("/rows/0");
        assertEquals("lstm", row.at("/cell").asText());
        assertEquals(10, row.at("/outputs").asInt());
        for (String timing : List.of("train_ms", "infer_ms")) saneTiming(row.get(timing), timing);
        for (String positive : List.of("time_steps_per_s", "train_gflops", "infer_gflops", "train_percent_of_sgemm",
                "activation_bytes", "activation_bytes_minimum", "activation_ratio"))
            assertTrue(row.get(positive).asDouble() > 0, positive + " in " + row);
        for (String nonNegative : List.of("alloc_bytes_per_step", "alloc_bytes_per_time_step", "gc_count"))
            assertTrue(row.get(nonNegative).asDouble() >= 0, nonNegative + " in " + row);
        assertEquals(row.get("alloc_bytes_per_step").asDouble() / 5, row.get("alloc_bytes_per_time_step").asDouble(), 1e-9);
        assertTrue(row.get("libtorch_ms").isNull(), "no peer figure for a shape the issue does not give");
        // at least the one round asked for, then on until the JIT had compiled nothing for a second
        assertTrue(row.get("warmup_rounds").asInt() >= 1, row.toString());
        if (row.get("warmup_jit_quiet").asBoolean()) assertTrue(row.get("warmup_seconds").asDouble() >= 1.0, row.toString());
        // the host's steal while the row ran: a percentage on Linux, null where /proc/stat is not there
        JsonNode steal = row.get("host_steal_percent");
        if (java.nio.file.Files.isReadable(Path.of("/proc/stat"))) {
            assertTrue(steal.isNumber() && steal.asDouble() >= 0 && steal.asDouble() <= 100, row.toString());
        } else {
            assertTrue(steal.isNull(), row.toString());
        }
    }

    private static void saneTiming(JsonNode t, String name) {
        double min = t.get("min").asDouble(), median = t.get("median").asDouble(), max = t.get("max").asDouble();
        assertTrue(min > 0 && min <= median && median <= max, name + ": " + t);
        assertEquals(5, t.get("n").asInt(), name);
    }

    @Test
    void jsonToStdoutReplacesTheTableAndJavaTooAddsARun() throws Exception {
        MainTest.Outcome o = MainTest.run(tiny("--json", "-", "--java-too", "--cell", "gru,rnn"));
        assertEquals(0, o.code(), o.err());
        JsonNode run = new ObjectMapper().readTree(o.out());
        JsonNode last = run.at("/runs/" + (run.get("runs").size() - 1));
        assertEquals("java", last.get("blas").asText());
        assertEquals(3, last.get("rows").size(), "--cell lstm --cell gru,rnn: the lists add up");
        assertEquals("rnn", last.at("/rows/2/cell").asText());
    }

    @Test
    void probeRowsCompareTrainingWithAndWithoutProbes() throws Exception {
        MainTest.Outcome o = MainTest.run(tiny("--probe-every", "2", "--json", "-"));
        assertEquals(0, o.code(), o.err());
        JsonNode probe = new ObjectMapper().readTree(o.out()).at("/runs/0/probes/0");
        assertEquals(2, probe.get("probe_every").asInt());
        saneTiming(probe.get("off_ms"), "off_ms");
        saneTiming(probe.get("on_ms"), "on_ms");
        assertEquals(probe.at("/on_ms/median").asDouble() / probe.at("/off_ms/median").asDouble(),
                probe.get("ratio").asDouble(), 1e-9);
        saneTiming(probe.get("probe_ms"), "probe_ms");
        assertTrue(probe.at("/analyse_ms/median").asDouble() > 0);
    }

    @Test
    void shardsOnTwoThreadsAllocateNothingPerTimeStep() throws Exception {
        // 16 sequences: two shards of 8, the second on a worker thread, whose allocations count too.
        // 300 warm-up steps: the vector kernels allocate their vectors until C2 has compiled them.
        MainTest.Outcome o = MainTest.run("bench", "--config", "2,8,16,20", "--cell", "gru", "--reps", "5", "--warmup", "300",
                "--threads", "2", "--json", "-");
        assertEquals(0, o.code(), o.err());
        JsonNode blas = new ObjectMapper().readTree(o.out()).at("/runs/0");
        assertEquals(2, blas.at("/engine_threads").asInt(), blas.toString());
        assertTrue(blas.at("/products").asText().startsWith(rnnlab.math.FixedProducts.vectorAvailable() ? "auto: vector" : "auto: gemm"),
                blas.toString());
        JsonNode row = blas.at("/rows/0");
        assertTrue(row.at("/train_ms/median").asDouble() > 0, row.toString());
        // the step's few records only (144 bytes here), not a product's argument segments per time step
        if (row.get("gc_count").asLong() == 0) assertTrue(row.get("alloc_bytes_per_time_step").asDouble() < 50, row.toString());
    }

    @Test
    void lowMemoryKeepsLessThanTheDefault() throws Exception {
        double[] ratio = new double[2];
        for (int i = 0; i < 2; i++) {
            MainTest.Outcome o = MainTest.run(i == 0 ? tiny("--config", "2,16,4,40", "--json", "-")
                    : tiny("--config", "2,16,4,40", "--json", "-", "--low-memory"));
            assertEquals(0, o.code(), o.err());
            JsonNode run = new ObjectMapper().readTree(o.out()).at("/runs/0");
            assertEquals(i == 1, run.get("low_memory").asBoolean());
            ratio[i] = run.at("/rows/1/activation_ratio").asDouble(); // rows/0 is 2,8,2,5: T under one chunk
        }
        assertTrue(ratio[1] < 0.9 * ratio[0], java.util.Arrays.toString(ratio));
    }

    /** The speed issue's memory target: activation memory within 1.5× of what BPTT must keep, for every cell. */
    @Test
    void lowMemoryKeepsWithinOneAndAHalfTimesTheBpttMinimum() throws Exception {
        MainTest.Outcome o = MainTest.run("bench", "--config", "2,64,16,200", "--cell", "lstm,gru,rnn", "--reps", "5",
                "--warmup", "0", "--threads", "1", "--low-memory", "--json", "-");
        assertEquals(0, o.code(), o.err());
        JsonNode rows = new ObjectMapper().readTree(o.out()).at("/runs/0/rows");
        assertEquals(3, rows.size());
        for (JsonNode row : rows) {
            double ratio = row.get("activation_ratio").asDouble();
            assertTrue(ratio >= 1 && ratio <= 1.5, row.get("cell").asText() + " keeps " + ratio + "× the minimum");
        }
    }

    @Test
    void defaultShapesCarryTheirPeerFigures() throws Exception {
        // one cheap default shape: row MNIST keeps its name and gets libtorch's figure beside it
        MainTest.Outcome o = MainTest.run("bench", "--config", "28,128,128,28", "--cell", "rnn", "--reps", "5",
                "--warmup", "0", "--threads", "1");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("28,128,128,28 row MNIST"), o.out());
        assertTrue(o.out().contains("libtorch 2.7.1") && o.out().contains("15.0"), o.out());
        assertTrue(o.out().contains("with no warm-up (a cold measurement)"), o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.startsWith("rnn   28,128,128,28") && l.endsWith("  none")), o.out());
    }

    @Test
    void peersFileReplacesTheIssuesFiguresWithMeasuredOnes(@TempDir Path dir) throws Exception {
        Path peers = dir.resolve("libtorch.json");
        java.nio.file.Files.writeString(peers, rnnlab.cli.bench.PeerTimesTest.LIBTORCH);
        MainTest.Outcome o = MainTest.run(tiny("--cell", "gru", "--peers", peers.toString(), "--json", dir.resolve("b.json").toString()));
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("training step beside libtorch 2.7.1, ms per training step, measured 2026-11-22T10:00:00Z"), o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.startsWith("gru   2,8,2,5") && l.contains(" 0.50 ")), o.out());
        JsonNode run = new ObjectMapper().readTree(dir.resolve("b.json").toFile());
        assertTrue(run.get("peers_measured").asBoolean());
        JsonNode gru = run.at("/runs/0/rows/1");
        assertEquals("gru", gru.get("cell").asText());
        assertEquals(0.5, gru.get("libtorch_ms").asDouble());
        assertEquals(gru.at("/train_ms/median").asDouble() / 0.5, gru.get("ratio_to_libtorch").asDouble(), 1e-9);
        assertTrue(run.at("/runs/0/rows/0/libtorch_ms").isNull(), "lstm 2,8,2,5 is not in the file");

        MainTest.Outcome missing = MainTest.run(tiny("--peers", dir.resolve("none.json").toString()));
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--peers") && missing.err().contains("no such file"), missing.err());
        java.nio.file.Files.writeString(dir.resolve("pt.json"), "{\"peer\": \"pytorch\", \"rows\": []}");
        MainTest.Outcome pytorch = MainTest.run(tiny("--peers", dir.resolve("pt.json").toString()));
        assertEquals(2, pytorch.code());
        assertTrue(pytorch.err().contains("not libtorch's"), pytorch.err());
    }
}
