package rnnlab.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rnnlab.math.Rng;
import rnnlab.nn.Evaluation;
import rnnlab.nn.LossKind;
import rnnlab.nn.SequenceBatch;

class CharLanguageModelTest {
    private static final String TEXT = "the quick brown fox jumps over the lazy dog; ";

    @Test
    void vocabularyIsTheDistinctCodePointsAndTheTailIsHeldOut() {
        String text = "ab".repeat(40) + "é€😀".repeat(10); // 80 + 30 code points, 5 distinct
        CharLanguageModel task = CharLanguageModel.fromText("mem", text, 5, 0.1);
        assertEquals(5, task.vocabularySize());
        assertEquals('a', task.codePoint(0));
        assertEquals(0x1F600, task.codePoint(4), "a code point beyond the BMP is one symbol");
        assertEquals(99, task.trainingLength());
        assertEquals(11, task.heldOutLength());
        assertEquals(5, task.inputSize());
        assertEquals(5, task.outputSize());
    }

    @Test
    void windowsAreConsecutiveCharactersWithTheNextOneAsTarget() {
        CharLanguageModel task = CharLanguageModel.fromText("mem", TEXT.repeat(10), 12, 0.2);
        String training = TEXT.repeat(10).substring(0, task.trainingLength());
        SequenceBatch s = task.sample(64, Rng.create(1));
        for (int b = 0; b < s.batch(); b++) {
            StringBuilder in = new StringBuilder(), out = new StringBuilder();
            for (int t = 0; t < 12; t++) {
                in.appendCodePoint(task.codePoint(Rows.input(s, t, b)));
                out.appendCodePoint(task.codePoint(Rows.targetClass(s, t, b)));
            }
            int at = training.indexOf(in.toString() + out.charAt(11));
            assertTrue(at >= 0, "window " + in + " comes from the training text");
            assertEquals(in.substring(1), out.substring(0, 11), "targets are the inputs shifted by one");
        }
    }

    @Test
    void validationWindowsComeFromTheHeldOutTail() {
        String text = "a".repeat(200) + "b".repeat(50);
        CharLanguageModel task = CharLanguageModel.fromText("mem", text, 10, 0.2);
        SequenceBatch v = task.validationSample(30, Rng.create(2));
        SequenceBatch s = task.sample(30, Rng.create(2));
        int b = task.codePoint(1) == 'b' ? 1 : 0;
        for (int i = 0; i < 30; i++)
            for (int t = 0; t < 10; t++) {
                assertEquals(b, Rows.input(v, t, i), "held out: all b");
                assertEquals(1 - b, Rows.input(s, t, i), "training: all a");
            }
    }

    @Test
    void baselineIsTheUnigramEntropyOfTheTrainingTextAndTheMetricIsBitsPerCharacter() {
        String text = "aab".repeat(30) + "zzzz"; // held out 10 %: the last 10 code points
        CharLanguageModel task = CharLanguageModel.fromText("mem", text, 4, 0.1);
        double p = 2.0 / 3, q = 1.0 / 3;
        double expected = -(p * Math.log(p) + q * Math.log(q)) / Math.log(2); // 0.918 bits
        assertEquals(84, task.trainingLength());
        assertEquals(expected, task.baseline(), 1e-12);
        Evaluation e = new Evaluation(LossKind.CROSS_ENTROPY, 0, 1, 100, 3, 0, 100 * Math.log(2) * 1.5, 0);
        assertEquals(1.5, task.metric(e), 1e-12);
        assertTrue(!task.higherIsBetter());
    }

    @Test
    void readsUtf8FilesAndDropsAByteOrderMark(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, "\uFEFF" + TEXT.repeat(5), StandardCharsets.UTF_8);
        CharLanguageModel task = CharLanguageModel.fromFile(f, 10, 0.1);
        assertEquals(TEXT.repeat(5).codePoints().distinct().count(), task.vocabularySize());
        assertEquals(TEXT.length() * 5, task.trainingLength() + task.heldOutLength());
    }

    @Test
    void badFilesAreNamedInOneLine(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.txt");
        assertMessage(() -> CharLanguageModel.fromFile(missing, 10, 0.1), "does not exist");
        Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
        assertMessage(() -> CharLanguageModel.fromFile(empty, 10, 0.1), "is empty");
        Path bom = Files.write(dir.resolve("bom.txt"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        assertMessage(() -> CharLanguageModel.fromFile(bom, 10, 0.1), "is empty");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "caf\u00e9 au lait".repeat(20).getBytes(StandardCharsets.ISO_8859_1));
        assertMessage(() -> CharLanguageModel.fromFile(latin1, 10, 0.1), "not valid UTF-8 (bad byte at offset 3)");
        Path shortText = Files.writeString(dir.resolve("short.txt"), "hello world");
        assertMessage(() -> CharLanguageModel.fromFile(shortText, 10, 0.1), "too few");
        assertMessage(() -> CharLanguageModel.fromFile(dir, 10, 0.1), "cannot read");
        assertMessage(() -> CharLanguageModel.fromText("x", TEXT, 10, 1.0), "strictly between 0 and 1");
        assertMessage(() -> CharLanguageModel.fromText("x", TEXT, 0, 0.1), "at least 1");
    }

    @Test
    void theShortestTextLeavesAWindowAndItsTargetOnBothSides() {
        int n = CharLanguageModel.shortestText(10, 0.1);
        assertEquals(101, n); // ⌈0.1·101⌉ = 11 held out, 90 for training
        assertEquals(3, CharLanguageModel.heldOutCount(10, 0.3));
        CharLanguageModel.fromText("x", "x".repeat(n), 10, 0.1);
        assertThrows(IllegalArgumentException.class, () -> CharLanguageModel.fromText("x", "x".repeat(n - 1), 10, 0.1));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
