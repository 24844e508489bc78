package rnnlab.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import rnnlab.math.Rng;
import rnnlab.nn.CellType;
import rnnlab.nn.Initialization;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;

/** The embedded Reber grammar, its per-string task and its continual stream. */
class ReberTasksTest {
    /**
     * The embedded Reber grammar written down from its graph, independently of ReberGrammar:
     * "from symbol to" edges; inner states carry the branch letter so that the repeat is checked.
     */
    private static final String[] EDGES = {
        "start B branch", "branch T T.in", "branch P P.in",
        "T.in B T.0", "T.0 T T.1", "T.0 P T.2", "T.1 S T.1", "T.1 X T.3", "T.2 T T.2", "T.2 V T.4",
        "T.3 X T.2", "T.3 S T.5", "T.4 P T.3", "T.4 V T.5", "T.5 E T.out", "T.out T final",
        "P.in B P.0", "P.0 T P.1", "P.0 P P.2", "P.1 S P.1", "P.1 X P.3", "P.2 T P.2", "P.2 V P.4",
        "P.3 X P.2", "P.3 S P.5", "P.4 P P.3", "P.4 V P.5", "P.5 E P.out", "P.out P final",
        "final E end",
    };
    private static final Map<String, String> GRAPH = new HashMap<>();

    static {
        for (String e : EDGES) {
            String[] p = e.split(" ");
            GRAPH.put(p[0] + " " + p[1], p[2]);
        }
    }

    /** The state after reading {@code symbols} from {@code state}, or null if a symbol is illegal. */
    private static String run(String state, String symbols, Set<String> edgesSeen) {
        for (char c : symbols.toCharArray()) {
            if (edgesSeen != null) edgesSeen.add(state + " " + c);
            state = GRAPH.get(state + " " + c);
            if (state == null) return null;
        }
        return state;
    }

    private static boolean accepts(String string) {
        return "end".equals(run("start", string, null));
    }

    /** The legal symbols after a state, as a sorted string. */
    private static String legalAfter(String state) {
        StringBuilder sb = new StringBuilder();
        for (char c : "BTPSXVE".toCharArray()) if (GRAPH.containsKey(state + " " + c)) sb.append(c);
        return sb.toString();
    }

    private static String decode(SequenceBatch s, int b, int length) {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < length; t++) sb.append("BTPSXVE".charAt(Rows.input(s, t, b)));
        return sb.toString();
    }

    private static String targetSet(SequenceBatch s, int t, int b) {
        StringBuilder sb = new StringBuilder();
        float[] y = s.targets().values();
        for (int k = 0; k < 7; k++) {
            float v = y[(t * s.batch() + b) * 7 + k];
            assertTrue(v == 0f || v == 1f, "multi-hot target");
            if (v == 1f) sb.append("BTPSXVE".charAt(k));
        }
        return sb.toString();
    }

    @Test
    void theAcceptorKnowsTheTextbookExamples() {
        for (String inner : new String[] {"BTSSXXTVVE", "BPVVE", "BTXXVPSE", "BPVPXVPXVPXVVE", "BTSXXVPSE"}) {
            assertTrue(accepts("BT" + inner + "TE"), inner);
            assertTrue(accepts("BP" + inner + "PE"), inner);
            assertFalse(accepts("BT" + inner + "PE"), "the branch must repeat: " + inner);
        }
        for (String bad : new String[] {"BTSSPXSE", "BPTVVB", "BTXXVVSE", "BPVSPSE", "BTSSSE"})
            assertFalse(accepts("BT" + bad + "TE"), bad);
    }

    @Test
    void everyGeneratedStringIsAcceptedAndEveryEdgeIsTaken() {
        SequenceBatch s = new EmbeddedReber(100).sample(3_000, Rng.create(1));
        Set<String> seen = new HashSet<>();
        for (int b = 0; b < s.batch(); b++) {
            String input = decode(s, b, s.length(b));
            String state = run("start", input, seen);
            assertTrue(state != null, "prefix " + input + " is legal");
            // The inputs stop before the final E: the only legal symbol left.
            assertEquals("E", legalAfter(state), input);
            run(state, "E", seen);
            assertTrue(accepts(input + "E"), input + "E");
            for (int t = 0; t < s.length(b); t++)
                assertEquals(legalAfter(run("start", input.substring(0, t + 1), null)), targetSet(s, t, b),
                        "legal successors after " + input.substring(0, t + 1));
        }
        assertEquals(GRAPH.keySet(), seen, "every transition of the graph occurs");
    }

    @Test
    void stringsLongerThanTheCapAreRedrawn() {
        SequenceBatch s = new EmbeddedReber(10).sample(500, Rng.create(2));
        for (int b = 0; b < s.batch(); b++) {
            assertTrue(s.length(b) >= 8 && s.length(b) <= 10, "length " + s.length(b));
            assertTrue(accepts(decode(s, b, s.length(b)) + "E"));
        }
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedReber(7));
    }

    @Test
    void continualStreamIsStringAfterStringWithoutBreaks() {
        ContinualReber task = new ContinualReber(400);
        SequenceBatch s = task.sample(20, Rng.create(3));
        assertEquals(400, s.steps());
        assertEquals(null, s.lengths());
        for (int b = 0; b < s.batch(); b++) {
            String stream = decode(s, b, 400);
            String state = "start";
            for (int t = 0; t < stream.length(); t++) {
                state = run(state, stream.substring(t, t + 1), null);
                assertTrue(state != null, "legal at " + t + " of " + stream);
                if (state.equals("end")) state = "start"; // the next string starts at once
                assertEquals(legalAfter(state), targetSet(s, t, b), "successors at " + t);
            }
            assertTrue(stream.split("E(?=B)").length > 20, "many strings in 400 symbols");
        }
    }

    /**
     * The best predictor that sees only the current symbol predicts, for each symbol, the mean of
     * the targets that follow it; on a large sample its MSE matches the exact baseline.
     */
    @Test
    void baselinesAreTheMseOfTheCurrentSymbolPredictor() {
        SequenceBatch strings = new EmbeddedReber(200).sample(40_000, Rng.create(4));
        assertEquals(new EmbeddedReber(200).baseline(), currentSymbolMse(strings), 0.01 * new EmbeddedReber(200).baseline());
        SequenceBatch stream = new ContinualReber(5_000).sample(100, Rng.create(5));
        assertEquals(new ContinualReber(5_000).baseline(), currentSymbolMse(stream), 0.01 * new ContinualReber(100).baseline());
        assertTrue(new ContinualReber(100).baseline() > 0.01 && new EmbeddedReber(100).baseline() > 0.01);
    }

    private static double currentSymbolMse(SequenceBatch s) {
        double[][] sum = new double[7][7], sumSq = new double[7][7];
        long[] n = new long[7];
        long steps = 0;
        float[] y = s.targets().values();
        for (int t = 0; t < s.steps(); t++)
            for (int b = 0; b < s.batch(); b++) {
                if (!s.active(t, b)) continue;
                int sym = Rows.input(s, t, b);
                n[sym]++;
                steps++;
                for (int k = 0; k < 7; k++) {
                    double v = y[(t * s.batch() + b) * 7 + k];
                    sum[sym][k] += v;
                    sumSq[sym][k] += v * v;
                }
            }
        double se = 0;
        for (int sym = 0; sym < 7; sym++)
            for (int k = 0; k < 7; k++) if (n[sym] > 0) se += sumSq[sym][k] - sum[sym][k] * sum[sym][k] / n[sym];
        return se / (steps * 7);
    }

    @Test
    void aPredictionIsCorrectWhenTheLegalSymbolsAreTheMostActive() {
        float[] target = {0, 1, 1, 0, 0, 0, 0};
        assertTrue(ReberGrammar.legalMostActive(new float[] {0.1f, 0.4f, 0.5f, 0.3f, 0, 0, 0}, target, 0));
        assertFalse(ReberGrammar.legalMostActive(new float[] {0.1f, 0.4f, 0.9f, 0.45f, 0, 0, 0}, target, 0));
        assertFalse(ReberGrammar.legalMostActive(new float[] {0.4f, 0.4f, 0.9f, 0, 0, 0, 0}, target, 0), "a tie is no answer");
    }

    /** The stream test runs in chunks; carrying the state across them is one uninterrupted pass. */
    @Test
    void theStreamTestIsOnePassNeverReset() {
        ContinualReber task = new ContinualReber(50, 3, 2_300);
        NetworkConfig config = new NetworkConfig(CellType.LSTM, 7, 16, 1, 7);
        RecurrentNetwork net = new RecurrentNetwork(config);
        Initialization.defaults().apply(config, net.parameters(), Rng.create(1));
        float[] whole = testOutputs(task, net, 2_300), chunked = testOutputs(task, net, 700);
        assertEquals(2_300 * 3 * 7, whole.length);
        for (int i = 0; i < whole.length; i++) assertEquals(whole[i], chunked[i], 1e-4f, "output " + i);

        Verdict v = task.verdict(net, java.util.List.of(), null);
        assertEquals(3, v.judged());
        assertFalse(v.solved(), "an untrained network errs");
    }

    /** The network's outputs over the test streams, [testLength, streams, 7], in chunks of the given size. */
    private static float[] testOutputs(ContinualReber task, RecurrentNetwork net, int chunk) {
        float[] all = new float[task.testLength() * task.testStreams() * 7];
        task.runTestStreams(net, chunk, (batch, outputs, offset) -> {
            System.arraycopy(outputs, 0, all, offset * task.testStreams() * 7, batch.steps() * task.testStreams() * 7);
            return true;
        });
        return all;
    }
}
