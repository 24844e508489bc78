package rnnlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnnlab.nn.CellType;
import rnnlab.tasks.AddingProblem;
import rnnlab.train.Checkpoint;
import rnnlab.train.RunSettings;
import rnnlab.train.TrainingRun;

class CheckpointStoreTest {
    static TrainingRun run(int steps) {
        RunSettings d = RunSettings.defaults(CellType.LSTM);
        RunSettings s = new RunSettings(CellType.LSTM, 8, 1, steps, 4, d.learningRate(), "adam", 0, 0, "constant",
                d.clipping(), d.initialization(), d.truncation(), 5, 3, 8);
        return new TrainingRun(new AddingProblem(6), s);
    }

    @Test
    void savedCheckpointReadsBackField(@TempDir Path dir) throws IOException {
        TrainingRun r = run(7);
        r.run(x -> {});
        Checkpoint c = r.checkpoint();
        CheckpointStore store = new CheckpointStore(dir, 2);
        Path f = store.save(c, r.network().config(), Map.of("command", "[\"train\"]"));
        assertEquals(7, CheckpointStore.stepOf(f));
        CheckpointStore.Saved s = store.latest().orElseThrow();
        Checkpoint back = s.checkpoint();
        assertEquals(c.step(), back.step());
        assertEquals(c.fingerprint(), back.fingerprint());
        assertArrayEquals(c.dataRng(), back.dataRng());
        assertEquals(c.history(), back.history());
        assertEquals(c.optimizer().step(), back.optimizer().step());
        c.weights().forEach((k, v) -> assertArrayEquals(v, back.weights().get(k), k));
        c.optimizer().buffers().forEach((k, v) -> assertArrayEquals(v, back.optimizer().buffers().get(k), k));
        assertEquals(Map.of("command", "[\"train\"]"), s.metadata());
        assertEquals(r.network().config(), s.config());
        // A checkpoint is a model file too.
        assertEquals(r.network().config(), ModelFile.load(f, r.network().blas(), false).network().config());
    }

    @Test
    void keepsTheNewestAndSkipsDamagedOnes(@TempDir Path dir) throws IOException {
        TrainingRun r = run(5);
        CheckpointStore store = new CheckpointStore(dir, 3);
        r.run(rec -> {
            try {
                store.save(r.checkpoint(), r.network().config(), Map.of());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        List<Path> files = store.files();
        assertEquals(List.of(store.fileFor(5), store.fileFor(4), store.fileFor(3)), files);
        byte[] newest = Files.readAllBytes(files.get(0));
        Files.write(files.get(0), java.util.Arrays.copyOf(newest, newest.length / 2)); // torn write
        Files.write(files.get(1), new byte[] {1, 2, 3}); // garbage
        assertEquals(3, store.latest().orElseThrow().checkpoint().step());
    }

    @Test
    void emptyOrMissingDirectoryHasNoCheckpoint(@TempDir Path dir) throws IOException {
        assertTrue(new CheckpointStore(dir.resolve("none"), 1).latest().isEmpty());
        assertTrue(new CheckpointStore(dir, 1).latest().isEmpty());
    }

    /** A child process saving checkpoints as fast as it can is killed with SIGKILL mid-write, three times. */
    @Test
    void killDuringASaveNeverLosesTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 3; round++) {
            Path d = dir.resolve("round" + round);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CheckpointWriterMain.class.getName(), d.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (new CheckpointStore(d, 1).files().size() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
            Thread.sleep(37L * round + 11); // land somewhere inside a write
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            child.waitFor();
            CheckpointStore.Saved s = new CheckpointStore(d, 1).latest().orElseThrow();
            assertTrue(s.checkpoint().step() >= 1, "round " + round);
        }
    }
}
