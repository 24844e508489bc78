package rnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import rnnlab.math.Blas;
import rnnlab.math.Rng;
import rnnlab.nn.CellType;
import rnnlab.nn.Initialization;
import rnnlab.nn.LossAt;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.Parameter;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;
import rnnlab.tasks.AddingProblem;

class TrainerTest {
    private static final int T = 12, B = 4, I = 3, H = 5, O = 2;

    private static RecurrentNetwork network(CellType cell, long seed) {
        NetworkConfig config = new NetworkConfig(cell, I, H, 2, O);
        RecurrentNetwork net = new RecurrentNetwork(config, Blas.get());
        Initialization.defaults().apply(config, net.parameters(), Rng.create(seed));
        return net;
    }

    private static SequenceBatch everyStepBatch(RandomGenerator rng, int[] lengths) {
        float[] x = new float[T * B * I];
        for (int i = 0; i < x.length; i++) x[i] = (float) Rng.gaussian(rng);
        float[] y = new float[T * B * O];
        for (int i = 0; i < y.length; i++) y[i] = (float) Rng.gaussian(rng);
        return new SequenceBatch(T, B, I, x, lengths, Targets.values(LossAt.EVERY, y, O));
    }

    private static Trainer trainer(RecurrentNetwork net, Truncation truncation) {
        return new Trainer(net, Optimizer.create("sgd"), LearningRateSchedule.constant(0.05f), Clipping.none(), truncation);
    }

    private static void assertSameWeights(RecurrentNetwork a, RecurrentNetwork b) {
        List<Parameter> pa = a.parameters(), pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) assertArrayEquals(pa.get(i).value(), pb.get(i).value(), pa.get(i).name());
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void truncationLongerThanTheSequenceIsFullBptt(CellType cell) {
        RecurrentNetwork full = network(cell, 7), truncated = network(cell, 7), longer = network(cell, 7);
        Trainer fullTrainer = trainer(full, Truncation.FULL);
        Trainer exact = trainer(truncated, Truncation.chunks(T));
        Trainer beyond = trainer(longer, new Truncation(T + 3, T + 9));
        RandomGenerator data = Rng.create(3);
        for (int s = 0; s < 3; s++) {
            SequenceBatch batch = everyStepBatch(data, new int[] {T, 5, 0, 9});
            double loss = fullTrainer.step(batch).loss();
            assertEquals(loss, exact.step(batch).loss(), 0.0);
            assertEquals(loss, beyond.step(batch).loss(), 0.0);
        }
        assertSameWeights(full, truncated);
        assertSameWeights(full, longer);
    }

    @Test
    void truncatedBpttUpdatesOncePerChunkAndCutsTheGradient() {
        RecurrentNetwork full = network(CellType.LSTM, 7), chunked = network(CellType.LSTM, 7);
        SequenceBatch batch = everyStepBatch(Rng.create(5), null);
        Trainer.StepReport f = trainer(full, Truncation.FULL).step(batch);
        Trainer.StepReport c = trainer(chunked, new Truncation(4, 6)).step(batch);
        assertEquals(1, f.updates());
        assertEquals(3, c.updates()); // T = 12 in chunks of 4
        assertEquals(f.evaluation().scoredSteps(), c.evaluation().scoredSteps()); // every step's loss counted once
        assertFalse(java.util.Arrays.equals(full.parameters().get(1).value(), chunked.parameters().get(1).value()));
    }

    @Test
    void firstTruncatedChunkEqualsFullBpttOnThatWindow() {
        // The first chunk's update only sees steps [0, k1): it must equal full BPTT on that prefix.
        RecurrentNetwork chunked = network(CellType.GRU, 9), prefix = network(CellType.GRU, 9);
        SequenceBatch batch = everyStepBatch(Rng.create(11), null);
        Trainer c = trainer(chunked, new Truncation(4, 8));
        Trainer p = trainer(prefix, Truncation.FULL);
        // Run only the first chunk: a batch cut to 4 steps gives one chunk in both trainers.
        SequenceBatch first = batch.window(0, 4);
        c.step(first);
        p.step(first);
        assertSameWeights(chunked, prefix);
    }

    @Test
    void sameSeedSameWeightsBitForBit() {
        RunSettings d = RunSettings.defaults(CellType.LSTM);
        RunSettings s = new RunSettings(d.cell(), 16, 1, 15, 8, d.learningRate(), d.optimizer(), 0, 0, d.schedule(),
                d.clipping(), d.initialization(), d.truncation(), 42, 5, 16);
        TrainingRun a = new TrainingRun(new AddingProblem(10), s);
        TrainingRun b = new TrainingRun(new AddingProblem(10), s);
        TrainingRun other = new TrainingRun(new AddingProblem(10), s.withSeed(43));
        a.run(r -> {});
        b.run(r -> {});
        other.run(r -> {});
        assertSameWeights(a.network(), b.network());
        assertFalse(java.util.Arrays.equals(a.network().parameters().get(0).value(), other.network().parameters().get(0).value()));
    }

    @Test
    void lstmLearnsTheAddingProblemAtLength20() {
        RunSettings d = RunSettings.defaults(CellType.LSTM);
        RunSettings s = new RunSettings(CellType.LSTM, 32, 1, 600, 32, 1e-2f, "adam", 0, 0, "constant",
                Clipping.byNorm(1), Initialization.defaults(), Truncation.FULL, 1, 600, 512);
        TrainingRun run = new TrainingRun(new AddingProblem(20), s);
        TrainingRun.Result r = run.run(x -> {});
        assertTrue(r.validationMetric() < 0.01, "validation MSE " + r.validationMetric());
        assertEquals(d.optimizer(), "adam");
    }

    @Test
    void nonFiniteGradientSkipsTheUpdate() {
        RecurrentNetwork net = network(CellType.RNN_TANH, 1);
        SequenceBatch batch = everyStepBatch(Rng.create(2), null);
        batch.targets().values()[0] = Float.NaN;
        float[] before = net.parameters().get(0).value().clone();
        Trainer.StepReport r = trainer(net, Truncation.FULL).step(batch);
        assertEquals(1, r.skipped());
        assertArrayEquals(before, net.parameters().get(0).value());
    }
}
