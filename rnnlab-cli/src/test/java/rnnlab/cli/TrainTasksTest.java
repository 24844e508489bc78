package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import rnnlab.io.Npz;
import rnnlab.io.Tensor;

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

    /** Four MNIST-format IDX files, gzipped: 60 training images (labels n mod 10), 12 test images. */
    private Path images() throws Exception {
        Path d = Files.createDirectories(dir.resolve("images"));
        writeIdx(d.resolve("train-images-idx3-ubyte.gz"), 0x0803, new int[] {60, 28, 28}, pixels(60));
        writeIdx(d.resolve("train-labels-idx1-ubyte.gz"), 0x0801, new int[] {60}, labels(60));
        writeIdx(d.resolve("t10k-images-idx3-ubyte.gz"), 0x0803, new int[] {12, 28, 28}, pixels(12));
        writeIdx(d.resolve("t10k-labels-idx1-ubyte.gz"), 0x0801, new int[] {12}, labels(12));
        return d;
    }

    private static byte[] pixels(int n) {
        byte[] b = new byte[n * 784];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 31 % 256);
        return b;
    }

    private static byte[] labels(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i % 10);
        return b;
    }

    private static void writeIdx(Path file, int magic, int[] dims, byte[] data) throws Exception {
        try (var out = new java.io.DataOutputStream(new java.util.zip.GZIPOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(magic);
            for (int d : dims) out.writeInt(d);
            out.write(data);
        }
    }

    /** x [40, 6, 2] and y as given. */
    private Path npz(String name, Tensor y) throws Exception {
        float[] x = new float[40 * 6 * 2];
        for (int i = 0; i < x.length; i++) x[i] = (i % 7) / 7f;
        Path f = dir.resolve(name);
        Npz.write(f, Map.of("x", Tensor.of(x, 40, 6, 2), "y", y));
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {"fmnist-rows", "fmnist-pixels", "fmnist-permuted"})
    void imageTasksTrainAndReportTheTestAccuracy(String task) throws Exception {
        Path out = dir.resolve(task);
        List<String> args = new ArrayList<>(List.of("train", "--task", task, "--data-dir", images().toString(),
                "--validation-images", "10", "--steps", "3", "--hidden", "4", "--batch", "4", "--eval-every", "3",
                "--eval-size", "8", "--out", out.toString()));
        if (task.equals("fmnist-permuted")) args.addAll(List.of("--permutation-seed", "5"));
        MainTest.Outcome o = MainTest.run(args.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("images " + dir.resolve("images") + ": 50 for training, 10 held out for validation, 12 for the test"),
                o.out());
        assertTrue(o.out().contains("test accuracy ") && o.out().contains(" of 12 test images (memoryless baseline "), o.out());
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals(task, run.at("/task/name").asText());
        assertEquals(task.equals("fmnist-rows") ? 28 : 784, run.at("/task/steps").asInt());
        assertEquals(12, run.at("/result/verdict/judged").asInt(), "run.json counts the test images");
        assertTrue(run.at("/result/verdict/correct").asInt() <= 12);
        assertTrue(run.at("/result/verdict/criterion").asText().contains("test"), run.at("/result/verdict/criterion").asText());
    }

    @Test
    void dataTaskTrainsOnAnNpzFile() throws Exception {
        int[] classes = new int[40];
        for (int i = 0; i < 40; i++) classes[i] = i % 3;
        for (Tensor y : List.of(Tensor.of(new float[40 * 2], 40, 2), Tensor.of(classes, 40))) {
            Path out = dir.resolve("data-" + y.dtype());
            MainTest.Outcome o = MainTest.run("train", "--task", "data", "--data", npz("d-" + y.dtype() + ".npz", y).toString(),
                    "--validation-split", "0.25", "--steps", "3", "--hidden", "4", "--batch", "4", "--eval-every", "3",
                    "--eval-size", "8", "--out", out.toString());
            assertEquals(0, o.code(), o.err());
            assertTrue(o.out().contains(": 40 sequences of 6 steps × 2 inputs, 30 for training, 10 held out; targets: "), o.out());
            assertTrue(o.out().contains("verdict: no criterion of success"), o.out());
            JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
            assertEquals("data", run.at("/task/name").asText());
            assertEquals(y.dtype().isInteger() ? "accuracy" : "MSE", run.at("/task/metric").asText());
        }
    }

    /** A batch is a function of the data generator's state, which checkpoints save: resuming repeats the run. */
    @ParameterizedTest
    @ValueSource(strings = {"fmnist-rows", "data"})
    void dataTasksResumeBitForBit(String task) throws Exception {
        int[] classes = new int[40];
        for (int i = 0; i < 40; i++) classes[i] = i % 3;
        List<String> source = task.equals("data") ? List.of("--data", npz("resume.npz", Tensor.of(classes, 40)).toString())
                : List.of("--data-dir", images().toString(), "--validation-images", "10");
        Path straight = dir.resolve("straight"), broken = dir.resolve("broken");
        for (Path out : List.of(straight, broken)) {
            List<String> args = new ArrayList<>(List.of("train", "--task", task, "--steps", "20", "--hidden", "4", "--batch", "4",
                    "--eval-every", "10", "--eval-size", "8", "--checkpoint-every", "10", "--out", out.toString()));
            args.addAll(source);
            MainTest.Outcome o = MainTest.run(args.toArray(String[]::new));
            assertEquals(0, o.code(), o.err());
        }
        for (String f : List.of("run.json", "metrics.csv", "model.safetensors")) Files.delete(broken.resolve(f));
        try (var checkpoints = Files.list(broken.resolve("checkpoints"))) {
            for (Path c : checkpoints.filter(p -> p.getFileName().toString().contains("00000020")).toList()) Files.delete(c);
        }
        MainTest.Outcome resumed = MainTest.run("train", "--resume", broken.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("from step 10"), resumed.out());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(straight.resolve("model.safetensors")),
                Files.readAllBytes(broken.resolve("model.safetensors"))), "the same weights after resuming");
        JsonNode a = new ObjectMapper().readTree(straight.resolve("run.json").toFile());
        JsonNode b = new ObjectMapper().readTree(broken.resolve("run.json").toFile());
        assertEquals(a.at("/result/verdict"), b.at("/result/verdict"));
    }

    @Test
    void badDataFlagsGiveOneLineAndExitCode2() throws Exception {
        Path images = images();
        float[] nan = new float[40];
        nan[13] = Float.NaN;
        Path withNan = npz("nan.npz", Tensor.of(nan, 40, 1));
        Path good = npz("good.npz", Tensor.of(new float[40], 40, 1));
        String[][] lines = {
            {"--task", "fmnist-rows", "--data-dir", dir.resolve("nowhere").toString()},
            {"--task", "fmnist-rows", "--data-dir", images.toString(), "-T", "28"},
            {"--task", "fmnist-rows", "--data-dir", images.toString(), "--permutation-seed", "1"},
            {"--task", "fmnist-pixels", "--data-dir", images.toString(), "--validation-images", "60"},
            {"--task", "fmnist-pixels", "--data-dir", images.toString(), "--validation-images", "0"},
            {"--task", "adding", "--data-dir", images.toString()},
            {"--task", "data"},
            {"--task", "data", "--data", dir.resolve("none.npz").toString()},
            {"--task", "data", "--data", withNan.toString()},
            {"--task", "data", "--data", good.toString(), "--validation-split", "1.5"},
            {"--task", "data", "--data", good.toString(), "--classes", "3"},
            {"--task", "data", "--data", good.toString(), "--length", "6"},
            {"--task", "text", "--data", good.toString()},
            {"--task", "copy", "--validation-split", "0.2"},
        };
        for (String[] line : lines) assertOneLineUsageError(line);
        MainTest.Outcome missing = MainTest.run("train", "--task", "fmnist-rows", "--data-dir", dir.resolve("nowhere").toString());
        assertTrue(missing.err().contains("Fashion-MNIST not found in " + dir.resolve("nowhere")
                + " (no such directory): install it with `sudo apt-get install dataset-fashion-mnist`, or give --data-dir DIR "
                + "with MNIST-format IDX files (train-images-idx3-ubyte[.gz]"), missing.err());
        MainTest.Outcome nanOut = MainTest.run("train", "--task", "data", "--data", withNan.toString());
        assertTrue(nanOut.err().contains(withNan + ": y[13, 0] is NaN"), nanOut.err());
    }

    /** {@code train --steps 1 LINE} exits with 2 and one line starting "rnnlab: ". */
    private void assertOneLineUsageError(String[] line) {
        List<String> args = new ArrayList<>(List.of("train", "--steps", "1", "--out", dir.resolve("bad").toString()));
        args.addAll(List.of(line));
        MainTest.Outcome o = MainTest.run(args.toArray(String[]::new));
        assertEquals(2, o.code(), String.join(" ", line) + " -> " + o.err());
        String[] err = o.err().strip().split("\n");
        assertEquals(1, err.length, "one line for " + String.join(" ", line) + ": " + o.err());
        assertTrue(err[0].startsWith("rnnlab: "), err[0]);
    }

    @Test
    void unknownTaskListsEveryName() {
        MainTest.Outcome o = MainTest.run("train", "--task", "sorting");
        assertEquals(2, o.code());
        assertEquals("rnnlab: unknown task 'sorting': use adding, adding-1997, copy, variable-copy, hs97-lag, "
                + "temporal-order-a, temporal-order-b, reber, reber-continual, text, fmnist-rows, fmnist-pixels, "
                + "fmnist-permuted or data", o.err().strip());
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
        for (String[] line : lines) assertOneLineUsageError(line);
    }
}
