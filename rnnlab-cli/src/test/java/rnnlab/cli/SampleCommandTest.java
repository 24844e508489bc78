package rnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnnlab sample} on what {@code train --task text} saved, and its errors. */
class SampleCommandTest {
    @TempDir
    Path dir;

    private Path trainedModel() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), "abcd\n".repeat(200));
        Path out = dir.resolve("run");
        MainTest.Outcome o = MainTest.run("train", "--task", "text", "--text", text.toString(), "-T", "10", "--hidden", "16",
                "--steps", "300", "--batch", "16", "--lr", "1e-2", "--eval-every", "300", "--eval-size", "16",
                "--checkpoint-every", "0", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        return out.resolve("model.safetensors");
    }

    @Test
    void writesTextGreedilyFromAPrimeAndReproduciblyFromASeed() throws Exception {
        Path model = trainedModel();
        MainTest.Outcome greedy = MainTest.run("sample", "--model", model.toString(), "--prime", "ab", "--length", "12",
                "--temperature", "0");
        assertEquals(0, greedy.code(), greedy.err());
        assertEquals("abcd\nabcd\nabcd", greedy.out().strip(), "the model learnt its text");

        Path file = dir.resolve("sample.txt");
        MainTest.Outcome a = MainTest.run("sample", "--model", model.toString(), "--seed", "5", "--length", "50",
                "--output", file.toString());
        MainTest.Outcome b = MainTest.run("sample", "--model", model.toString(), "--seed", "5", "--length", "50");
        assertEquals(0, a.code(), a.err());
        assertEquals(a.out(), b.out());
        assertEquals(51, a.out().length() - 1, "the default prime (a line break) and 50 characters, then println's");
        assertEquals(a.out().substring(0, a.out().length() - 1), Files.readString(file));
    }

    @Test
    void refusesModelsWithoutVocabularyAndBadFlagsInOneLine() throws Exception {
        Path model = trainedModel();
        Path adding = dir.resolve("adding");
        assertEquals(0, MainTest.run("train", "--task", "adding", "-T", "5", "--hidden", "4", "--steps", "2",
                "--eval-every", "2", "--eval-size", "4", "--out", adding.toString()).code());
        String[][] bad = {
            {"sample", "--model", adding.resolve("model.safetensors").toString()},
            {"sample", "--model", model.toString(), "--prime", "xyz"},
            {"sample", "--model", model.toString(), "--temperature", "-1"},
            {"sample", "--model", model.toString(), "--length", "-2"},
            {"sample", "--model", dir.resolve("missing.safetensors").toString()},
        };
        for (String[] args : bad) {
            MainTest.Outcome o = MainTest.run(args);
            assertTrue(o.code() != 0, String.join(" ", args));
            assertEquals(1, o.err().strip().lines().count(), o.err());
        }
        assertTrue(MainTest.run(bad[0]).err().contains("train --task text"), "names the fix");
    }
}
