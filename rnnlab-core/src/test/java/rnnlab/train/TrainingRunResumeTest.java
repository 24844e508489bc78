package rnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import rnnlab.nn.CellType;
import rnnlab.nn.Initialization;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.Parameter;
import rnnlab.nn.SequenceBatch;
import rnnlab.tasks.AddingProblem;
import rnnlab.tasks.Task;

class TrainingRunResumeTest {
    static List<Arguments> runs() {
        return List.of(
                Arguments.of(settings(CellType.LSTM, "adam", "constant", Truncation.FULL)),
                Arguments.of(settings(CellType.GRU, "sgd", "cosine", Truncation.FULL)),
                Arguments.of(settings(CellType.RNN_TANH, "rmsprop", "step:4:0.5", Truncation.parse("4"))));
    }

    static RunSettings settings(CellType cell, String optimizer, String schedule, Truncation truncation) {
        double momentum = optimizer.equals("adam") ? 0 : 0.9;
        return new RunSettings(cell, 12, 2, 17, 8, 5e-3f, optimizer, momentum, 1e-4, schedule,
                Clipping.byNorm(1), Initialization.defaults(), truncation, 7, 5, 16);
    }

    @ParameterizedTest
    @MethodSource("runs")
    void resumedRunEndsWithTheSameWeightsBitForBit(RunSettings s) {
        TrainingRun straight = new TrainingRun(new AddingProblem(12), s);
        straight.run(r -> {});

        TrainingRun interrupted = new TrainingRun(new AddingProblem(12), s);
        Checkpoint[] saved = new Checkpoint[1];
        assertThrows(Interrupt.class, () -> interrupted.run(r -> {
            if (r.step() == 6) saved[0] = interrupted.checkpoint();
            if (r.step() == 9) throw new Interrupt(); // work after the checkpoint is lost
        }));

        TrainingRun resumed = new TrainingRun(new AddingProblem(12), s);
        resumed.resume(saved[0]);
        assertEquals(6, resumed.stepsDone());
        resumed.run(r -> assertTrue(r.step() > 6));
        for (int i = 0; i < straight.network().parameters().size(); i++) {
            Parameter a = straight.network().parameters().get(i), b = resumed.network().parameters().get(i);
            assertArrayEquals(a.value(), b.value(), a.name());
        }
        assertEquals(timeless(straight.checkpoint().history()), timeless(resumed.checkpoint().history()));
    }

    @Test
    void checkpointOfAnotherRunIsRefused() {
        RunSettings s = settings(CellType.LSTM, "adam", "constant", Truncation.FULL);
        TrainingRun a = new TrainingRun(new AddingProblem(12), s);
        Checkpoint c = a.checkpoint();
        TrainingRun other = new TrainingRun(new AddingProblem(12), s.withSeed(8));
        var e = assertThrows(IllegalArgumentException.class, () -> other.resume(c));
        assertTrue(e.getMessage().contains("another run"), e.getMessage());
    }

    @Test
    void finishedRunResumesToItsResult() {
        RunSettings s = settings(CellType.LSTM, "adam", "constant", Truncation.FULL);
        TrainingRun a = new TrainingRun(new AddingProblem(12), s);
        TrainingRun.Result first = a.run(r -> {});
        TrainingRun b = new TrainingRun(new AddingProblem(12), s);
        b.resume(a.checkpoint());
        TrainingRun.Result again = b.run(r -> { throw new AssertionError("no step left to run"); });
        assertEquals(first.validationMetric(), again.validationMetric());
    }

    @Test
    void nonFiniteStepsInARowStopTheRunWithFiniteWeights() {
        RunSettings s = settings(CellType.LSTM, "adam", "constant", Truncation.FULL);
        TrainingRun run = new TrainingRun(new PoisonedAdding(12, 4), s).nonFiniteLimit(3);
        DivergedException e = assertThrows(DivergedException.class, () -> run.run(r -> {}));
        assertEquals(6, e.step()); // steps 4, 5, 6 are poisoned
        assertTrue(e.getMessage().contains("--lr"), e.getMessage());
        for (Parameter p : run.network().parameters())
            for (float v : p.value()) assertTrue(Float.isFinite(v), p.name());
        assertEquals(3, run.checkpoint().skippedUpdates());
    }

    @Test
    void isolatedNonFiniteStepsAreSkippedAndCounted() {
        RunSettings s = settings(CellType.GRU, "adam", "constant", Truncation.FULL);
        TrainingRun run = new TrainingRun(new PoisonedAdding(12, 4) {
            @Override
            boolean poisoned() {
                return trainingBatches() == 4 || trainingBatches() == 9;
            }
        }, s).nonFiniteLimit(2);
        TrainingRun.Result r = run.run(x -> {});
        assertEquals(2, r.skippedUpdates());
    }

    /** The records with the clock left out: everything else must repeat exactly. */
    private static List<TrainingRun.StepRecord> timeless(List<TrainingRun.StepRecord> history) {
        return history.stream().map(r -> new TrainingRun.StepRecord(r.step(), r.loss(), r.metric(), r.learningRate(),
                r.gradNormBefore(), r.gradNormAfter(), r.skippedUpdates(), r.validation(), 0)).toList();
    }

    @Test
    void runStopsAtTheFirstEvaluationThatFindsTheTaskSolved() {
        RunSettings s = new RunSettings(CellType.LSTM, 16, 1, 400, 16, 1e-2f, "adam", 0, 0, "constant",
                Clipping.byNorm(1), Initialization.defaults(), Truncation.FULL, 3, 10, 64);
        Task easy = new PoisonedAdding(2, Integer.MAX_VALUE) {
            @Override
            public boolean solved(rnnlab.nn.Evaluation e) {
                return e.mse() < 0.05; // reached quickly at T = 2
            }
        };
        TrainingRun.Result r = new TrainingRun(easy, s).stopWhenSolved().run(x -> {});
        assertEquals(TrainingRun.Stop.SOLVED, r.stop());
        assertTrue(r.solved());
        assertTrue(r.steps() < 400 && r.steps() % 10 == 0, "stopped at step " + r.steps());
    }

    @Test
    void runStopsAtItsTimeLimitWithAnEvaluation() {
        RunSettings s = settings(CellType.GRU, "adam", "constant", Truncation.FULL);
        TrainingRun.Result r = new TrainingRun(new AddingProblem(12), s).timeLimit(1e-9).run(x -> {});
        assertEquals(TrainingRun.Stop.TIME, r.stop());
        assertEquals(1, r.steps());
        assertTrue(Double.isFinite(r.validationMetric()));
    }

    private static final class Interrupt extends RuntimeException {}

    /** The adding problem with NaN inputs in every batch from the {@code from}-th on (training only). */
    static class PoisonedAdding implements Task {
        final AddingProblem inner;
        final int from;
        int calls;

        PoisonedAdding(int steps, int from) {
            this.inner = new AddingProblem(steps);
            this.from = from;
        }

        /** The validation set (two batches of 8) is drawn first, in the run's constructor. */
        int trainingBatches() {
            return calls - 2;
        }

        boolean poisoned() {
            return trainingBatches() >= from;
        }

        @Override public String name() { return "poisoned-adding"; }
        @Override public int steps() { return inner.steps(); }
        @Override public int inputSize() { return inner.inputSize(); }
        @Override public int outputSize() { return inner.outputSize(); }
        @Override public LossKind lossKind() { return inner.lossKind(); }
        @Override public LossAt lossAt() { return inner.lossAt(); }
        @Override public double baseline() { return inner.baseline(); }
        @Override public boolean solved(rnnlab.nn.Evaluation e) { return inner.solved(e); }

        @Override
        public SequenceBatch sample(int batch, RandomGenerator rng) {
            SequenceBatch b = inner.sample(batch, rng);
            calls++;
            if (poisoned()) b.x()[0] = Float.NaN;
            return b;
        }
    }
}
