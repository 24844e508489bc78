package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code train --task NAME} for every task, and the task flags' errors. */
class TrainTasksTest {
    @TempDir
    Path dir;

    private Path textFile() throws Exception {
        return Files.writeString(dir.resolve("text.txt"), "It was the best of times, it was the worst of times. ".repeat(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"adding 10", "adding-1997 20", "copy 5", "variable-copy 5", "hs97-lag 10",
            "temporal-order-a 20", "temporal-order-b 30", "reber 20", "reber-continual 30", "text 10"})
    void everyTaskTrainsForAFewSteps(String taskAndLength) throws Exception {
        String[] p = taskAndLength.split(" ");
        Path out = dir.resolve(p[0]);
        List<String> args = new ArrayList<>(List.of("train", "--task", p[0], "-T", p[1], "--steps", "3", "--hidden", "4",
                "--batch", "4", "--eval-every", "3", "--eval-size", "8", "--out", out.toString()));
        if (p[0].equals("text")) args.addAll(List.of("--text", textFile().toString()));
        if (p[0].equals("reber-continual")) args.addAll(List.of("--test-length", "2000"));
        MainTest.Outcome o = MainTest.run(args.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size());
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals(p[0], run.at("/task/name").asText());
        assertTrue(run.at("/task/baseline").asDouble() > 0);
        assertTrue(run.at("/result/verdict/criterion").asText().length() > 0);
        assertTrue(o.out().contains("memoryless baseline") && o.out().contains("verdict: "), o.out());
    }

    @Test
    void unknownTaskListsEveryName() {
        MainTest.Outcome o = MainTest.run("train", "--task", "sorting");
        assertEquals(2, o.code());
        assertEquals("rnnlab: unknown task 'sorting': use adding, adding-1997, copy, variable-copy, hs97-lag, "
                + "temporal-order-a, temporal-order-b, reber, reber-continual or text", o.err().strip());
    }

    @Test
    void helpListsTheTasks() {
        MainTest.Outcome o = MainTest.run("train", "--help");
        assertEquals(0, o.code());
        for (String name : TaskOptions.NAMES) assertTrue(o.out().contains("  " + name + " "), name + " in\n" + o.out());
    }

    @Test
    void badTaskFlagsGiveOneLineAndExitCode2() throws Exception {
        Path text = textFile();
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "caf\u00e9 ".repeat(100).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String[][] lines = {
            {"--task", "text"},
            {"--task", "text", "--text", dir.resolve("missing.txt").toString()},
            {"--task", "text", "--text", latin1.toString()},
            {"--task", "text", "--text", text.toString(), "--holdout", "1.5"},
            {"--task", "text", "--text", text.toString(), "-T", "5000"},
            {"--task", "adding", "--text", text.toString()},
            {"--task", "copy", "--test-length", "10"},
            {"--task", "reber-continual", "--test-length", "0"},
            {"--task", "temporal-order-a", "-T", "10"},
            {"--task", "reber", "-T", "3"},
            {"--task", "copy", "-T", "0"},
            {"--task", "hs97-lag", "-T", "1"},
        };
        for (String[] line : lines) {
            List<String> args = new ArrayList<>(List.of("train", "--steps", "1", "--out", dir.resolve("bad").toString()));
            args.addAll(List.of(line));
            MainTest.Outcome o = MainTest.run(args.toArray(String[]::new));
            assertEquals(2, o.code(), String.join(" ", line) + " -> " + o.err());
            String[] err = o.err().strip().split("\n");
            assertEquals(1, err.length, "one line for " + String.join(" ", line) + ": " + o.err());
            assertTrue(err[0].startsWith("rnnlab: "), err[0]);
        }
    }
}
