package rnnlab.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import rnnlab.io.Tensor;
import rnnlab.math.Rng;
import rnnlab.nn.SequenceBatch;

/** What every task promises: its declared shapes, and batches fixed by the generator's state. */
class TaskContractTest {
    @TempDir
    static Path images;

    static Stream<Task> tasks() throws Exception {
        IdxFiles.write(images, IdxFiles.cycling(100), IdxFiles.cycling(20), true);
        int[] labels = new int[60];
        for (int i = 0; i < 60; i++) labels[i] = i % 4;
        Map<String, Tensor> data = Map.of("x", Tensor.of(NpzDataTest.coded(60, 7, 2), 60, 7, 2),
                "y", Tensor.of(labels, 60), "lengths", Tensor.of(IntStream.range(0, 60).map(i -> 3 + i % 5).toArray(), 60));
        return Stream.of(SequentialImages.load(images, SequentialImages.Mode.ROWS, 20, 0),
                SequentialImages.load(images, SequentialImages.Mode.PERMUTED, 20, 0), NpzData.of("mem", data, 0.2, 0),
                new AddingProblem(30), new AddingProblem1997(30), new CopyMemory(15), new VariableCopy(15),
                new NoiseFreeLongLag(15), TemporalOrder.twoSymbols(30), TemporalOrder.threeSymbols(30),
                new EmbeddedReber(40), new ContinualReber(60),
                CharLanguageModel.fromText("mem", "to be or not to be, that is the question. ".repeat(20), 25, 0.1));
    }

    @ParameterizedTest
    @MethodSource("tasks")
    void batchesHaveTheDeclaredShape(Task task) {
        for (SequenceBatch s : List.of(task.sample(9, Rng.create(1)), task.validationSample(9, Rng.create(1)))) {
            assertTrue(s.steps() <= task.steps(), task.name());
            assertEquals(9, s.batch());
            assertEquals(task.inputSize(), s.inputSize());
            assertEquals(task.outputSize(), s.targets().width());
            assertEquals(task.lossKind(), s.targets().kind());
            assertEquals(task.lossAt(), s.targets().at());
        }
        assertTrue(task.baseline() > 0 && Double.isFinite(task.baseline()), task.name() + " baseline " + task.baseline());
        assertFalse(task.metricName().isBlank());
        assertThrows(IllegalArgumentException.class, () -> task.sample(0, Rng.create(1)));
    }

    @ParameterizedTest
    @MethodSource("tasks")
    void sameGeneratorStateSameBatchAndDifferentSeedsDiffer(Task task) {
        SequenceBatch a = task.sample(16, Rng.create(99)), b = task.sample(16, Rng.create(99));
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.lengths(), b.lengths());
        assertTrue(sameTargets(a, b), task.name());

        SequenceBatch other = task.sample(16, Rng.create(100));
        assertFalse(Arrays.equals(a.x(), other.x()) && sameTargets(a, other), task.name() + ": seeds 99 and 100 differ");

        RandomGenerator rng = Rng.create(99);
        task.sample(16, rng);
        SequenceBatch next = task.sample(16, rng);
        assertFalse(Arrays.equals(a.x(), next.x()) && sameTargets(a, next), task.name() + ": the generator advances");
    }

    private static boolean sameTargets(SequenceBatch a, SequenceBatch b) {
        return Arrays.equals(a.targets().values(), b.targets().values()) && Arrays.equals(a.targets().classes(), b.targets().classes());
    }
}
