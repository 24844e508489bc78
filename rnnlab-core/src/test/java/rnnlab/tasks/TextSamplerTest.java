package rnnlab.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import rnnlab.math.Rng;
import rnnlab.nn.CellType;
import rnnlab.nn.Initialization;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.train.Clipping;
import rnnlab.train.RunSettings;
import rnnlab.train.TrainingRun;
import rnnlab.train.Truncation;

class TextSamplerTest {
    @Test
    void drawsFollowTheTemperedSoftmax() {
        float[] logits = {0f, 1f, 2f};
        for (double tau : new double[] {0.5, 1, 3}) {
            int n = 200_000;
            int[] counts = new int[3];
            var rng = Rng.create(7);
            for (int i = 0; i < n; i++) counts[TextSampler.draw(logits, tau, rng)]++;
            double total = 0;
            for (float l : logits) total += Math.exp(l / tau);
            for (int k = 0; k < 3; k++)
                assertEquals(Math.exp(logits[k] / tau) / total, counts[k] / (double) n, 0.005, "τ " + tau + ", symbol " + k);
        }
        for (int i = 0; i < 100; i++) assertEquals(2, TextSampler.draw(logits, 0, Rng.create(i)), "τ = 0 is the arg-max");
    }

    @Test
    void aModelTrainedOnARepeatedWordWritesItOnGreedilyAndSeedsRepeat() {
        CharLanguageModel task = CharLanguageModel.fromText("mem", "abcd".repeat(200), 8, 0.1);
        RunSettings s = new RunSettings(CellType.LSTM, 16, 1, 300, 16, 1e-2f, "adam", 0, 0, "constant",
                Clipping.byNorm(1), Initialization.defaults(), Truncation.FULL, 1, 300, 64);
        TrainingRun run = new TrainingRun(task, s);
        run.run(rec -> {});
        TextSampler sampler = new TextSampler(run.network(), task.vocabulary());
        assertEquals("cdabcdabcdabcdab", sampler.sample("c", 15, 0, Rng.create(1)), "greedy continues the pattern past T");
        assertEquals(sampler.sample("ab", 40, 1.5, Rng.create(3)), sampler.sample("ab", 40, 1.5, Rng.create(3)));
        assertEquals("ab", sampler.sample("ab", 0, 1, Rng.create(3)));
    }

    @Test
    void badPrimesTemperaturesAndVocabulariesAreRefusedWithTheReason() {
        RecurrentNetwork net = new RecurrentNetwork(new NetworkConfig(CellType.GRU, 3, 4, 1, 3));
        TextSampler sampler = new TextSampler(net, new int[] {'a', 'b', 'c'});
        String unseen = assertThrows(IllegalArgumentException.class, () -> sampler.sample("abz", 5, 1, Rng.create(1))).getMessage();
        assertTrue(unseen.contains("'z'") && unseen.contains("never saw"), unseen);
        assertThrows(IllegalArgumentException.class, () -> sampler.sample("", 5, 1, Rng.create(1)));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample("a", 5, -1, Rng.create(1)));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample("a", 5, Double.NaN, Rng.create(1)));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample("a", -1, 1, Rng.create(1)));
        String mismatch = assertThrows(IllegalArgumentException.class, () -> new TextSampler(net, new int[] {'a', 'b'})).getMessage();
        assertTrue(mismatch.contains("do not belong together"), mismatch);
        assertThrows(IllegalArgumentException.class, () -> new TextSampler(net, new int[] {'b', 'a', 'c'}));
        assertNotEquals(sampler.sample("a", 30, 1, Rng.create(1)), sampler.sample("a", 30, 1, Rng.create(2)),
                "different seeds draw differently from an untrained model");
    }
}
