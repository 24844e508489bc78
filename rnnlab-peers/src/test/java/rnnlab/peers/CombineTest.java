package rnnlab.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows measured in several rounds: each tool's figure is the median of its rounds' medians. */
class CombineTest {

    private static String rnnlab(double median, double min, double max) {
        return """
                {"rnnlab": "0.1.0", "date": "2026-11-22T10:00:00Z", "machine": {"cpu": "c", "cores": 2, "load": "1.00 2.00 3.00"},
                 "warmup_steps": 2, "reps": 5,
                 "runs": [{"blas": "openblas", "threads": 1, "rows": [{"cell": "lstm", "task": "", "inputs": 2, "hidden": 8,
                   "batch": 2, "steps": 5, "outputs": 10, "train_ms": {"median": %s, "min": %s, "max": %s, "n": 5},
                   "infer_ms": {"median": 1.0, "min": 1.0, "max": 1.0, "n": 5}}]}]}
                """.formatted(median, min, max);
    }

    private static String libtorch(double median, double min, double max, String load) {
        return libtorch(median, min, max, load, "");
    }

    /** With threads.OMP_WAIT_POLICY: {@code policy} a JSON value ("null", "\"passive\"") or "" for none. */
    private static String libtorch(double median, double min, double max, String load, String policy) {
        String threads = policy.isEmpty() ? "" : "\"threads\": {\"OMP_WAIT_POLICY\": " + policy + "}, ";
        return """
                {"peer": "libtorch", "version": "2.7.1", %s"machine": {"load_average_start": "%s"},
                 "rows": [{"cell": "lstm", "task": "", "inputs": 2, "hidden": 8, "batch": 2, "steps": 5, "outputs": 10,
                   "train_ms": {"median": %s, "min": %s, "max": %s, "n": 5},
                   "infer_ms": {"median": 2.0, "min": 2.0, "max": 2.0, "n": 5}}]}
                """.formatted(threads, load, median, min, max);
    }

    @Test
    @SuppressWarnings("unchecked")
    void roundsGiveTheMedianOfTheirMediansAndTheirExtremes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("00-lstm-r1-a-rnnlab.json"), rnnlab(3.0, 2.0, 4.0));
        Files.writeString(dir.resolve("00-lstm-r1-b-libtorch.json"), libtorch(6.0, 5.0, 7.0, "1.5 1.0 1.0"));
        Files.writeString(dir.resolve("00-lstm-r2-a-rnnlab.json"), rnnlab(5.0, 1.5, 9.0));
        Files.writeString(dir.resolve("00-lstm-r2-b-libtorch.json"), libtorch(8.0, 7.5, 8.5, "2.5 1.0 1.0"));
        Files.writeString(dir.resolve("00-lstm-r3-a-rnnlab.json"), rnnlab(4.5, 4.0, 5.0));
        Map<String, Object> combined = Combine.combine(dir, Map.of());
        List<Map<String, Object>> rows = (List<Map<String, Object>>) combined.get("rows");
        assertEquals(1, rows.size());
        Map<String, Object> row = rows.getFirst();
        Map<String, Object> ours = (Map<String, Object>) row.get("rnnlab");
        assertEquals(Map.of("median", 4.5, "min", 1.5, "max", 9.0, "n", 15), ours.get("train_ms")); // median of 3, 5, 4.5
        assertEquals(List.of(3.0, 5.0, 4.5), ours.get("rounds"));
        assertEquals(7.0, Combine.trainMedian(row, "libtorch"), 1e-12); // two rounds: the mean of 6 and 8
        assertEquals(4.5 / 7.0, (double) row.get("ratio_to_libtorch"), 1e-12);
        assertEquals("1.5 1.0 1.0", ((Map<String, Object>) row.get("libtorch")).get("load_average_at_start"));
        String md = Combine.markdown(combined);
        assertTrue(md.contains("| lstm | 2,8,2,5 | 10 | 4.50 [1.50, 9.00] | 7.00 [5.00, 8.50] |"), md);
        assertEquals(null, row.get("noisy"), "no steal files: unknown");
        assertTrue(md.contains("steal unknown: 1"), md);
    }

    @Test
    void aTruncatedRowFileIsNamedWithTheFix(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("00-lstm-r1-b-libtorch-default.json"), libtorch(5.0, 4.0, 6.0, "1 1 1", "null").substring(0, 60));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Combine.combine(dir, Map.of()));
        assertTrue(e.getMessage().contains("00-lstm-r1-b-libtorch-default.json is not whole JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("measure that tool's row again"), e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPeerUnderSeveralOpenMpPoliciesIsTakenAtItsBest(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("00-lstm-r1-a-rnnlab.json"), rnnlab(3.0, 2.0, 4.0));
        Files.writeString(dir.resolve("00-lstm-r1-b-libtorch-default.json"), libtorch(5.0, 4.0, 6.0, "1 1 1", "null"));
        Files.writeString(dir.resolve("00-lstm-r1-b-libtorch-passive.json"), libtorch(6.0, 5.0, 7.0, "1 1 1", "\"PASSIVE\""));
        Files.writeString(dir.resolve("00-lstm-r2-a-rnnlab.json"), rnnlab(3.0, 2.0, 4.0));
        Files.writeString(dir.resolve("00-lstm-r2-b-libtorch-passive.json"), libtorch(6.5, 5.0, 7.0, "1 1 1", "\"passive\""));
        Files.writeString(dir.resolve("00-lstm-r2-b-libtorch-default.json"), libtorch(9.0, 8.0, 10.0, "1 1 1", "null"));
        Map<String, Object> combined = Combine.combine(dir, Map.of());
        Map<String, Object> row = ((List<Map<String, Object>>) combined.get("rows")).getFirst();
        // default: median of 5 and 9 = 7; passive: median of 6 and 6.5 = 6.25, the least
        assertEquals(Map.of("default", 7.0, "passive", 6.25), row.get("libtorch_by_policy"));
        Map<String, Object> theirs = (Map<String, Object>) row.get("libtorch");
        assertEquals("passive", theirs.get("omp_wait_policy"));
        assertEquals(List.of(6.0, 6.5), theirs.get("rounds"));
        assertEquals(3.0 / 6.25, (double) row.get("ratio_to_libtorch"), 1e-12);
        assertEquals(null, row.get("rnnlab_by_policy"), "rnnlab has no OpenMP");
        assertTrue(Combine.markdown(combined).contains("| passive; – |"), Combine.markdown(combined));

        assertEquals("unrecorded", Combine.policy(new com.fasterxml.jackson.databind.ObjectMapper().readTree(libtorch(1, 1, 1, "1", ""))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStealBesideEachFileMarksTheRowsItSlowed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("00-lstm-r1-a-rnnlab.json"), rnnlab(3.0, 2.0, 4.0));
        Files.writeString(dir.resolve("00-lstm-r1-a-rnnlab.steal"), "1.5\n");
        Files.writeString(dir.resolve("00-lstm-r1-b-libtorch.json"), libtorch(6.0, 5.0, 7.0, "1.5 1.0 1.0"));
        Files.writeString(dir.resolve("00-lstm-r1-b-libtorch.steal"), "0.4\n");
        Files.writeString(dir.resolve("00-lstm-r2-a-rnnlab.json"), rnnlab(5.0, 1.5, 9.0));
        Files.writeString(dir.resolve("00-lstm-r2-a-rnnlab.steal"), "3.0\n");
        Files.writeString(dir.resolve("00-lstm-r2-b-libtorch.json"), libtorch(8.0, 7.5, 8.5, "2.5 1.0 1.0"));
        Files.writeString(dir.resolve("00-lstm-r2-b-libtorch.steal"), "2.0\n");
        Map<String, Object> quiet = Combine.combine(dir, Map.of());
        Map<String, Object> row = ((List<Map<String, Object>>) quiet.get("rows")).getFirst();
        Map<String, Object> ours = (Map<String, Object>) row.get("rnnlab");
        assertEquals(List.of(1.5, 3.0), ours.get("steal_rounds"));
        assertEquals(3.0, ours.get("host_steal_percent"), "the greatest over the rounds");
        assertEquals(false, row.get("noisy"));
        String md = Combine.markdown(quiet);
        assertTrue(md.contains("Quiet rows (steal under 5 % while rnnlab and libtorch ran): 1 of 1, the target met in 1; noisy: 0."), md);
        assertTrue(md.contains("| 3; 2 |"), md);

        Files.writeString(dir.resolve("00-lstm-r2-b-libtorch.steal"), "5.0\n"); // libtorch slowed in one round
        Map<String, Object> noisy = Combine.combine(dir, Map.of());
        row = ((List<Map<String, Object>>) noisy.get("rows")).getFirst();
        assertEquals(true, row.get("noisy"));
        md = Combine.markdown(noisy);
        assertTrue(md.contains("| 0.57 * |"), md); // (3 + 5) / 2 over (6 + 8) / 2
        assertTrue(md.contains("0 of 1, the target met in 0; noisy: 1."), md);

        Files.writeString(dir.resolve("00-lstm-r2-b-libtorch.steal"), "?\n"); // no /proc/stat there
        row = ((List<Map<String, Object>>) Combine.combine(dir, Map.of()).get("rows")).getFirst();
        assertEquals(null, row.get("noisy"));
    }
}
