package rnnlab.tasks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import rnnlab.nn.CellType;
import rnnlab.nn.Initialization;
import rnnlab.train.Clipping;
import rnnlab.train.RunSettings;
import rnnlab.train.Truncation;
import rnnlab.train.TrainingRun;

/**
 * Smoke tests: an LSTM solves an easy setting of two tasks, by the task's own criterion, within a
 * few hundred steps (a few seconds each).
 */
class LearnabilityTest {
    private static TrainingRun.Result train(Task task, int hidden, int steps, float lr, long seed) {
        RunSettings s = new RunSettings(CellType.LSTM, hidden, 1, steps, 32, lr, "adam", 0, 0, "constant",
                Clipping.byNorm(1), Initialization.defaults(), Truncation.FULL, seed, steps, 256);
        return new TrainingRun(task, s).run(rec -> {});
    }

    @Test
    void lstmLearnsTheEmbeddedReberGrammar() {
        EmbeddedReber task = new EmbeddedReber(30);
        TrainingRun.Result r = train(task, 32, 600, 1e-2f, 1);
        assertTrue(r.solved(), r.verdict().summary());
    }

    @Test
    void lstmLearnsTheTemporalOrderOfTwoSymbolsInShortSequences() {
        TemporalOrder task = TemporalOrder.twoSymbols(20);
        TrainingRun.Result r = train(task, 32, 300, 1e-2f, 1);
        assertTrue(r.solved(), r.verdict().summary());
    }
}
