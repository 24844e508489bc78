package rnnlab.model;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rnnlab.io.MalformedFileException;
import rnnlab.io.Mutator;
import rnnlab.io.SafeTensors;
import rnnlab.math.Blas;
import rnnlab.train.TrainingRun;

/**
 * The run configuration a checkpoint or model file carries (its JSON metadata) and the files
 * themselves, mutated: every mutant reads back or is refused with the project's
 * MalformedFileException, never another exception, a hang, or an allocation sized by a number
 * in the mutated text (a network of a billion units).
 */
class ConfigurationFuzzTest {
    static final int MUTANTS = 10_000;
    private static final Path NAME = Path.of("mutant.safetensors");

    /** A small run's checkpoint, as bytes. */
    private static SafeTensors.Contents checkpoint() throws Exception {
        TrainingRun r = CheckpointStoreTest.run(3);
        r.run(x -> {});
        Path dir = java.nio.file.Files.createTempDirectory("fuzz");
        Path f = new CheckpointStore(dir, 1).save(r.checkpoint(), r.network().config(), Map.of("command", "[\"train\"]"));
        return SafeTensors.read(f);
    }

    @Test
    void mutatedMetadataIsReadOrRefusedCleanly() throws Exception {
        SafeTensors.Contents valid = checkpoint();
        Mutator mutator = new Mutator(11);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < MUTANTS; i++) {
                LinkedHashMap<String, String> meta = new LinkedHashMap<>(valid.metadata());
                String key = i % 2 == 0 ? ModelFile.CONFIG_KEY : CheckpointStore.CHECKPOINT_KEY;
                byte[] json = meta.get(key).getBytes(StandardCharsets.UTF_8);
                meta.put(key, new String(mutator.mutate(new Mutator.Seed(json)), StandardCharsets.UTF_8));
                SafeTensors.Contents mutant = new SafeTensors.Contents(valid.tensors(), meta);
                outcomes[readBoth(mutant, meta.get(key))]++;
            }
        });
        assertTrue(outcomes[0] > 0 && outcomes[1] > 0, "both outcomes seen: " + outcomes[0] + " read, " + outcomes[1] + " refused");
    }

    @Test
    void mutatedFilesAreReadOrRefusedCleanly() throws Exception {
        byte[] valid = SafeTensors.toBytes(checkpoint().tensors(), checkpoint().metadata());
        Mutator mutator = new Mutator(12);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < MUTANTS; i++) {
                byte[] mutant = mutator.mutate(new Mutator.Seed(valid, 0));
                SafeTensors.Contents contents;
                try {
                    contents = SafeTensors.read(mutant, NAME.toString());
                } catch (MalformedFileException e) {
                    continue;
                }
                readBoth(contents, "(file mutant " + i + ")");
            }
        });
    }

    /** 0 if the mutant read as a checkpoint, 1 if refused cleanly; fails on anything else. */
    private static int readBoth(SafeTensors.Contents mutant, String what) {
        int refused = 0;
        try {
            CheckpointStore.read(mutant, NAME);
        } catch (MalformedFileException e) {
            refused = 1;
        } catch (Throwable t) {
            fail("checkpoint reader threw " + t + " on " + what, t);
        }
        try {
            ModelFile.load(mutant, NAME.toString(), Blas.get(), false);
        } catch (MalformedFileException e) {
            // refused cleanly
        } catch (Throwable t) {
            fail("model reader threw " + t + " on " + what, t);
        }
        return refused;
    }
}
