package rnnlab.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnnlab.nn.CellType;

/** Reading libtorch's figures from rnnlab-peers' JSON and scripts/bench-peers' combined JSON; the ratio. */
public class PeerTimesTest {
    private static final String CPU = "Test CPU";

    /** The shape of rnnlab-peers' libtorch JSON (LibtorchBench), trimmed to what is read. */
    public static final String LIBTORCH = """
            {"peer": "libtorch", "version": "2.7.1", "via": "DJL 0.34.0", "date": "2026-11-22T10:00:00Z",
             "machine": {"cpu": "Test CPU", "cores": 2, "load_average_start": "1.00 1.00 1.00"},
             "threads": {"requested": 2, "intra_op": 2, "inter_op": 1},
             "rows": [
               {"cell": "lstm", "task": "adding", "inputs": 2, "hidden": 128, "batch": 32, "steps": 100, "outputs": 10,
                "train_ms": {"median": 40.0, "min": 38.0, "max": 45.0, "n": 5}, "infer_ms": {"median": 10.0, "min": 9.0, "max": 11.0, "n": 5}},
               {"cell": "gru", "task": "", "inputs": 2, "hidden": 8, "batch": 2, "steps": 5, "outputs": 10,
                "train_ms": {"median": 0.5, "min": 0.4, "max": 0.6, "n": 5}, "infer_ms": {"median": 0.1, "min": 0.1, "max": 0.1, "n": 5}}
             ]}
            """;

    /** The shape of scripts/bench-peers' combined JSON (rnnlab.peers.Combine), trimmed to what is read. */
    static final String COMBINED = """
            {"date": "2026-11-22T11:00:00Z", "machine": {"cpu": "Other CPU", "cores": 2},
             "sources": {"libtorch": {"version": "2.7.1", "threads": {"intra_op": 2}}, "pytorch": {"version": "1.13.0a0"}},
             "rows": [
               {"cell": "rnn", "task": "row MNIST", "inputs": 28, "hidden": 128, "batch": 128, "steps": 28, "outputs": 10,
                "rnnlab": {"train_ms": {"median": 20.0}}, "libtorch": {"train_ms": {"median": 16.0}},
                "pytorch": {"train_ms": {"median": 30.0}}, "ratio_to_libtorch": 1.25},
               {"cell": "lstm", "task": "", "inputs": 3, "hidden": 4, "batch": 5, "steps": 6, "outputs": 10,
                "rnnlab": {"train_ms": {"median": 1.0}}, "libtorch": null}
             ]}
            """;

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aLibtorchFileGivesEachRowsMedianByCellAndWholeShape() throws Exception {
        PeerTimes p = PeerTimes.parse(json(LIBTORCH), "lt.json", CPU);
        assertTrue(p.measured());
        assertEquals(40.0, p.libtorchMs(CellType.LSTM, BenchConfig.parse("2,128,32,100")).orElseThrow());
        assertEquals(0.5, p.libtorchMs(CellType.GRU, BenchConfig.parse("2,8,2,5")).orElseThrow());
        // another cell, another head width, a shape the file lacks: no figure (not the issue's)
        assertTrue(p.libtorchMs(CellType.GRU, BenchConfig.parse("2,128,32,100")).isEmpty());
        assertTrue(p.libtorchMs(CellType.LSTM, BenchConfig.parse("2,128,32,100,20")).isEmpty());
        assertTrue(p.libtorchMs(CellType.RNN_RELU, BenchConfig.parse("2,8,2,5")).isEmpty());
        assertEquals(56.4 / 40.0, p.ratio(CellType.LSTM, BenchConfig.parse("2,128,32,100"), 56.4).orElseThrow(), 1e-12);
        assertTrue(p.ratio(CellType.RNN_TANH, BenchConfig.parse("2,128,32,100"), 56.4).isEmpty());
        assertTrue(p.source().contains("libtorch 2.7.1") && p.source().contains("2026-11-22T10:00:00Z")
                && p.source().contains("Test CPU") && p.source().contains("2 threads") && p.source().contains("lt.json"), p.source());
        assertFalse(p.source().contains("another CPU"), p.source());
        assertFalse(PeerTimes.parse(json(LIBTORCH), "lt.json", CPU + ", AVX-512").source().contains("another CPU"),
                "rnnlab names the vector extension after the model, rnnlab-peers does not");
    }

    @Test
    void aCombinedFileGivesItsLibtorchColumnAndSaysWhenTheCpuDiffers() throws Exception {
        PeerTimes p = PeerTimes.parse(json(COMBINED), "peers.json", CPU);
        assertEquals(16.0, p.libtorchMs(CellType.RNN_TANH, BenchConfig.parse("28,128,128,28")).orElseThrow());
        assertEquals(1.25, p.ratio(CellType.RNN_TANH, BenchConfig.parse("28,128,128,28"), 20.0).orElseThrow(), 1e-12);
        assertTrue(p.libtorchMs(CellType.LSTM, BenchConfig.parse("3,4,5,6")).isEmpty(), "a row without libtorch is skipped");
        assertTrue(p.source().contains("another CPU"), p.source());
    }

    @Test
    void withoutAFileTheIssuesFiguresFromAnotherMachineStay() {
        PeerTimes p = PeerTimes.ISSUE;
        assertFalse(p.measured());
        assertEquals(29.6, p.libtorchMs(CellType.LSTM, BenchConfig.parse("2,128,32,100")).orElseThrow());
        assertEquals(2.0, p.ratio(CellType.RNN_TANH, BenchConfig.parse("28,128,128,28"), 30.0).orElseThrow(), 1e-12);
        assertTrue(p.source().contains("another machine"), p.source());
    }

    @Test
    void filesWithoutLibtorchRowsAreRefusedSayingWhy(@TempDir Path dir) throws Exception {
        var pytorch = assertThrows(PeerTimes.MalformedPeersException.class,
                () -> PeerTimes.parse(json(LIBTORCH.replace("\"peer\": \"libtorch\"", "\"peer\": \"pytorch\"")), "pt.json", CPU));
        assertTrue(pytorch.getMessage().contains("pytorch's figures, not libtorch's"), pytorch.getMessage());
        assertTrue(assertThrows(PeerTimes.MalformedPeersException.class, () -> PeerTimes.parse(json("{\"runs\": []}"), "x", CPU))
                .getMessage().contains("\"rows\""));
        assertTrue(assertThrows(PeerTimes.MalformedPeersException.class,
                () -> PeerTimes.parse(json("{\"peer\": \"libtorch\", \"rows\": []}"), "x", CPU)).getMessage().contains("no libtorch rows"));
        assertTrue(assertThrows(PeerTimes.MalformedPeersException.class,
                () -> PeerTimes.parse(json(LIBTORCH.replace("\"hidden\": 128", "\"hidden\": \"128\"")), "x", CPU))
                .getMessage().contains("\"hidden\""));
        Path notJson = dir.resolve("bad.json");
        Files.writeString(notJson, "rows: none");
        assertTrue(assertThrows(PeerTimes.MalformedPeersException.class, () -> PeerTimes.read(notJson, CPU))
                .getMessage().contains("is not JSON"));
        Path good = dir.resolve("lt.json");
        Files.writeString(good, LIBTORCH);
        assertEquals(40.0, PeerTimes.read(good, CPU).libtorchMs(CellType.LSTM, BenchConfig.parse("2,128,32,100")).orElseThrow());
    }
}
