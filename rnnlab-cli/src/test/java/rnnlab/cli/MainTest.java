package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
    record Outcome(int code, String out, String err) {}

    static Outcome run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : List.of("train", "demo", "gradflow", "predict", "sample", "export", "import", "bench", "experiment")) {
            Outcome o = run(cmd, "--help");
            assertEquals(0, o.code(), cmd);
            assertTrue(o.out().contains("Usage: rnnlab " + cmd), o.out());
        }
        assertEquals(0, run("--help").code());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "train --bogus", "train --cell transformer", "train --hidden 0", "train --steps -3",
        "train --lr abc", "train --optimizer lbfgs", "train --init magic", "train --schedule wavy",
        "train --truncate 5,2", "train --task sorting", "train --length 1", "train --clip-norm -1",
        "train --blas fortran", "demo --steps x", "nonsense", "gradflow --cells rnn,elman",
        "gradflow --train-steps -1", "gradflow --probe-every 0", "demo --probe-every 0",
        "bench --config 2,128,32", "bench --config 2,x,32,100", "bench --config 2,0,32,100", "bench --reps 3",
        "bench --cell elman", "bench --blas fortran", "bench --probe-every -1", "bench --threads 0", "bench --warmup x",
        "bench --blas-threads 0", "train --threads 0"
    })
    void badFlagsAndValuesGiveOneLineAndExitCode2(String line) {
        Outcome o = run(line.split(" "));
        assertEquals(2, o.code(), line + " -> " + o.err());
        String[] lines = o.err().strip().split("\n");
        assertEquals(1, lines.length, "one line for " + line + ": " + o.err());
        assertTrue(lines[0].startsWith("rnnlab: "), lines[0]);
    }

    @Test
    void trainWritesMetricsAndRunDescription(@TempDir Path dir) throws Exception {
        Outcome o = run("train", "--cell", "gru", "-T", "8", "--steps", "6", "--hidden", "8", "--batch", "4",
                "--eval-every", "3", "--eval-size", "8", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(RunFiles.HEADER, rows.get(0));
        assertEquals(7, rows.size());
        assertFalse(Files.exists(dir.resolve("metrics.csv.partial")));
        JsonNode run = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        assertEquals("gru", run.at("/settings/cell").asText());
        assertEquals(6, run.at("/result/steps").asInt());
        assertEquals(1.0 / 6, run.at("/task/baseline").asDouble(), 1e-12);
        assertTrue(run.at("/versions/blas").asText().length() > 0);
        assertTrue(o.out().contains("memoryless baseline"), o.out());
    }

    @Test
    void trainOnTwoThreadsGivesTheMetricsOfOne(@TempDir Path dir) throws Exception {
        // The Java products round a row the same whatever the rows around it, so two shards of 8
        // sequences give one thread's results bit for bit: every column but the elapsed seconds.
        List<List<String>> metrics = new java.util.ArrayList<>();
        for (String threads : List.of("1", "2")) {
            Path out = dir.resolve("t" + threads);
            Outcome o = run("train", "--cell", "lstm", "-T", "12", "--steps", "4", "--hidden", "8", "--batch", "16",
                    "--eval-every", "2", "--eval-size", "16", "--blas", "java", "--threads", threads, "--out", out.toString());
            assertEquals(0, o.code(), o.err());
            assertTrue(o.out().contains(threads.equals("1") ? ", 1 thread" : ", 2 threads"), o.out());
            metrics.add(Files.readAllLines(out.resolve("metrics.csv")).stream()
                    .map(l -> l.substring(0, l.lastIndexOf(','))).toList());
        }
        assertEquals(metrics.get(0), metrics.get(1));
    }

    @Test
    void trainInLowMemoryMode(@TempDir Path dir) throws Exception {
        Outcome o = run("train", "--cell", "gru", "-T", "40", "--steps", "3", "--hidden", "8", "--batch", "4",
                "--eval-every", "3", "--eval-size", "8", "--low-memory", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(4, Files.readAllLines(dir.resolve("metrics.csv")).size());
    }

    @Test
    void demoTrainsBothCellsAndSummarises(@TempDir Path dir) throws Exception {
        Outcome o = run("demo", "--steps", "20", "-T", "10", "--hidden", "8", "--probe-every", "10", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("half-life") && o.out().contains("report: "), o.out());
        assertTrue(Files.exists(dir.resolve("report.html")));
        for (String cell : List.of("rnn", "lstm", "gru")) {
            assertEquals(21, Files.readAllLines(dir.resolve(cell).resolve("metrics.csv")).size());
            assertTrue(Files.exists(dir.resolve(cell).resolve("run.json")));
        }
    }

    @Test
    void unwritableOutputDirectoryIsAUsageError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        Outcome o = run("train", "-T", "5", "--steps", "1", "--hidden", "4", "--out", file.resolve("sub").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--out"), o.err());
    }
}
