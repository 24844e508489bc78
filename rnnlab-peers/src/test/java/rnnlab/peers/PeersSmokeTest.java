package rnnlab.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libtorch through DJL on a tiny shape, offline: every cell trains (the loss is finite) and
 * times; the combined table of a run puts rnnlab's, libtorch's and PyTorch's rows together.
 * Built and run only with -Ppeers.
 */
class PeersSmokeTest {

    @Test
    @SuppressWarnings("unchecked")
    void libtorchMeasuresEveryCellAndCombineMatchesTheRows(@TempDir Path dir) throws Exception {
        LibtorchBench.Options o = LibtorchBench.parse(new String[] {"--config", "2,8,2,5", "--warmup", "2", "--reps", "5",
                "--threads", "2"});
        Map<String, Object> doc = LibtorchBench.run(o, System.err);
        assertEquals("libtorch", doc.get("peer"));
        assertTrue(String.valueOf(doc.get("version")).startsWith("2.7.1"), doc.toString());
        assertEquals(2, ((Map<String, Object>) doc.get("threads")).get("intra_op"));
        List<Map<String, Object>> rows = (List<Map<String, Object>>) doc.get("rows");
        assertEquals(List.of("lstm", "gru", "rnn"), rows.stream().map(r -> r.get("cell")).toList());
        for (Map<String, Object> r : rows) {
            Map<String, Object> train = (Map<String, Object>) r.get("train_ms");
            double min = (double) train.get("min"), median = (double) train.get("median"), max = (double) train.get("max");
            assertTrue(0 < min && min <= median && median <= max, r.toString());
            assertEquals(5, train.get("n"));
            assertTrue(Float.isFinite((float) r.get("loss_after")), r.toString());
            assertEquals(10, r.get("outputs"));
            assertTrue((int) r.get("warmup_rounds") >= 2, "at least the rounds asked for, then until the JIT is quiet: " + r);
        }

        Files.writeString(dir.resolve("00-lstm-libtorch.json"), LibtorchBench.json().writeValueAsString(doc));
        Files.writeString(dir.resolve("00-lstm-rnnlab.json"), """
                {"rnnlab": "0.1.0", "date": "2026-11-22T10:00:00Z", "machine": {"cpu": "c", "cores": 2, "load": "1.00 2.00 3.00"},
                 "warmup_steps": 2, "reps": 5,
                 "runs": [{"blas": "openblas", "threads": 2, "rows": [{"cell": "lstm", "task": "", "inputs": 2, "hidden": 8,
                   "batch": 2, "steps": 5, "outputs": 10, "train_ms": {"median": 3.0, "min": 2.0, "max": 4.0, "n": 5},
                   "infer_ms": {"median": 1.0, "min": 1.0, "max": 1.0, "n": 5}}]}]}
                """);
        Map<String, Object> combined = Combine.combine(dir, Map.of("threads", "2"));
        List<Map<String, Object>> crows = (List<Map<String, Object>>) combined.get("rows");
        assertEquals(3, crows.size());
        Map<String, Object> lstm = crows.getFirst();
        double libtorch = Combine.trainMedian(lstm, "libtorch");
        assertEquals(3.0 / libtorch, (double) lstm.get("ratio_to_libtorch"), 1e-12);
        assertNull(lstm.get("ratio_to_pytorch"));
        assertNull(Combine.trainMedian(crows.get(1), "rnnlab"), "gru has no rnnlab row here");
        String md = Combine.markdown(combined);
        assertTrue(md.contains("| lstm | 2,8,2,5 | 10 | 3.00 [2.00, 4.00] |"), md);
    }
}
