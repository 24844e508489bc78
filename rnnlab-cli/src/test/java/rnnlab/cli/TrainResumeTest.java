package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnnlab.model.CheckpointStore;

class TrainResumeTest {
    private static String[] train(Path out, String... more) {
        return train(out, 30, 5, more);
    }

    private static String[] train(Path out, int steps, int checkpointEvery, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--cell", "gru", "-T", "12", "--hidden", "8", "--batch", "4",
                "--steps", "" + steps, "--eval-every", "10", "--eval-size", "16", "--checkpoint-every", "" + checkpointEvery,
                "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** metrics.csv without its clock column: everything else must repeat exactly. */
    private static List<String> timeless(Path metrics) throws Exception {
        return Files.readAllLines(metrics).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void resumedRunEndsWithTheSameWeightsAndMetrics(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight"), broken = dir.resolve("broken");
        assertEquals(0, MainTest.run(train(straight)).code());
        assertEquals(0, MainTest.run(train(broken)).code());
        assertEquals(List.of("step-00000030.safetensors", "step-00000025.safetensors", "step-00000020.safetensors"),
                new CheckpointStore(broken.resolve("checkpoints"), 3).files().stream().map(p -> p.getFileName().toString()).toList());
        // The interruption: the run's end is lost, and its newest checkpoint was torn mid-write.
        for (String f : List.of("run.json", "metrics.csv", "model.safetensors")) Files.delete(broken.resolve(f));
        Files.delete(broken.resolve("checkpoints").resolve("step-00000030.safetensors"));
        Path torn = broken.resolve("checkpoints").resolve("step-00000025.safetensors");
        Files.write(torn, java.util.Arrays.copyOf(Files.readAllBytes(torn), 100));

        MainTest.Outcome resumed = MainTest.run("train", "--resume", broken.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("from step 20"), resumed.out());
        assertArrayEquals(Files.readAllBytes(straight.resolve("model.safetensors")), Files.readAllBytes(broken.resolve("model.safetensors")));
        assertEquals(timeless(straight.resolve("metrics.csv")), timeless(broken.resolve("metrics.csv")));
    }

    @Test
    void killedProcessResumesToTheSameWeights(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight"), killed = dir.resolve("killed");
        String[] args = train(straight, 600, 0);
        assertEquals(0, MainTest.run(args).code());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(train(killed, 600, 1)));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CheckpointStore store = new CheckpointStore(killed.resolve("checkpoints"), 3);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (store.files().size() < 3 && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(10);
        child.destroyForcibly(); // kill -9, in the middle of training and, likely, of a save
        child.waitFor();
        assertTrue(!Files.exists(killed.resolve("run.json")), "the child was killed before it finished");

        MainTest.Outcome resumed = MainTest.run("train", "--resume", killed.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertArrayEquals(Files.readAllBytes(straight.resolve("model.safetensors")), Files.readAllBytes(killed.resolve("model.safetensors")));
        assertEquals(timeless(straight.resolve("metrics.csv")), timeless(killed.resolve("metrics.csv")));
    }

    @Test
    void divergingRunStopsWithOneLineNamingTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        MainTest.Outcome o = MainTest.run("train", "--cell", "rnn", "-T", "10", "--hidden", "8", "--lr", "1e35", "--clip-norm", "0",
                "--steps", "50", "--checkpoint-every", "1", "--max-non-finite", "3", "--out", dir.toString());
        assertEquals(1, o.code());
        String line = o.err().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(line.startsWith("rnnlab: training diverged: 3 steps in a row") && line.contains("last good checkpoint"), o.err());
        assertTrue(new CheckpointStore(dir.resolve("checkpoints"), 3).latest().isPresent());
    }

    @Test
    void resumeRefusesOtherFlagsAndMissingCheckpoints(@TempDir Path dir) throws Exception {
        MainTest.Outcome flags = MainTest.run("train", "--resume", dir.toString(), "--lr", "0.1");
        assertEquals(2, flags.code());
        assertTrue(flags.err().contains("--lr"), flags.err());
        MainTest.Outcome none = MainTest.run("train", "--resume", dir.toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no readable checkpoint"), none.err());
        for (String[] bad : List.of(new String[] {"--checkpoint-every", "-1"}, new String[] {"--keep-checkpoints", "0"},
                new String[] {"--max-non-finite", "0"})) {
            MainTest.Outcome o = MainTest.run(train(dir.resolve("x"), bad));
            assertEquals(2, o.code(), String.join(" ", bad));
            assertEquals(1, o.err().strip().lines().count(), o.err());
        }
    }
}
