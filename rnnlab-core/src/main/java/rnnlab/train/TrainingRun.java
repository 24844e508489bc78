package rnnlab.train;

import java.util.List;
import java.util.random.RandomGenerator;
import rnnlab.math.Blas;
import rnnlab.math.Rng;
import rnnlab.nn.Evaluation;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.tasks.Task;
import rnnlab.tasks.Verdict;

/**
 * One training run of a network on a task: builds and initialises the network from the seed,
 * trains it for the given number of steps on fresh batches, and evaluates it on a fixed
 * validation set drawn once from the seed.
 *
 * <p>Seeds: the weights, the training data and the validation data each draw from their own
 * generator, derived from the one seed, so that changing the number of steps or the evaluation
 * interval does not change the data a step sees.
 */
public final class TrainingRun {
    private final Task task;
    private final RunSettings settings;
    private final RecurrentNetwork network;
    private final Trainer trainer;
    private final RandomGenerator data;
    private final SequenceBatch[] validation;

    /** What one step reported; {@code validation} is NaN on steps without an evaluation. */
    public record StepRecord(int step, double loss, double metric, float learningRate,
                             double gradNormBefore, double gradNormAfter, int skippedUpdates,
                             double validation, double elapsedSeconds) {}

    /** Receives every step as it finishes (for progress and metrics files). */
    @FunctionalInterface
    public interface Listener {
        void onStep(StepRecord record);
    }

    /** The end of a run; {@code solved} is the verdict's, {@link Task#verdict} on the validation set. */
    public record Result(Evaluation validation, double validationMetric, boolean solved, int steps,
                         long skippedUpdates, double seconds, Verdict verdict) {}

    public TrainingRun(Task task, RunSettings settings, Blas blas) {
        this.task = task;
        this.settings = settings;
        NetworkConfig config = new NetworkConfig(settings.cell(), task.inputSize(), settings.hiddenSize(),
                settings.layers(), task.outputSize());
        this.network = new RecurrentNetwork(config, blas);
        settings.initialization().apply(config, network.parameters(), Rng.create(settings.seed()));
        this.data = Rng.create(settings.seed() + 0x5DEECE66DL);
        this.validation = validationSet(task, settings, Rng.create(settings.seed() + 0x2545F491L));
        OptimizerOptions options = OptimizerOptions.defaults(settings.optimizer())
                .withMomentum(settings.momentum()).withWeightDecay(settings.weightDecay());
        this.trainer = new Trainer(network, Optimizer.create(settings.optimizer(), options),
                LearningRateSchedule.parse(settings.schedule(), settings.learningRate(), settings.steps()),
                settings.clipping(), settings.truncation());
    }

    public TrainingRun(Task task, RunSettings settings) {
        this(task, settings, Blas.get());
    }

    private static SequenceBatch[] validationSet(Task task, RunSettings s, RandomGenerator rng) {
        int batches = (s.evalSize() + s.batchSize() - 1) / s.batchSize();
        SequenceBatch[] set = new SequenceBatch[batches];
        for (int i = 0; i < batches; i++) set[i] = task.validationSample(s.batchSize(), rng);
        return set;
    }

    public RecurrentNetwork network() {
        return network;
    }

    public Task task() {
        return task;
    }

    public RunSettings settings() {
        return settings;
    }

    /** Trains for the configured number of steps, reporting each to the listener. */
    public Result run(Listener listener) {
        long start = System.nanoTime();
        Evaluation last = null;
        for (int s = 1; s <= settings.steps(); s++) {
            Trainer.StepReport report = trainer.step(task.sample(settings.batchSize(), data));
            double val = Double.NaN;
            if (s % settings.evalEvery() == 0 || s == settings.steps()) {
                last = evaluate();
                val = task.metric(last);
            }
            listener.onStep(new StepRecord(s, report.loss(), task.metric(report.evaluation()), report.learningRate(),
                    report.gradNormBefore(), report.gradNormAfter(), report.skipped(), val,
                    (System.nanoTime() - start) / 1e9));
        }
        Verdict verdict = task.verdict(network, List.of(validation), last);
        return new Result(last, task.metric(last), verdict.solved(), settings.steps(), trainer.skippedUpdates(),
                (System.nanoTime() - start) / 1e9, verdict);
    }

    /** The network on the validation set: losses and counts summed over its batches. */
    public Evaluation evaluate() {
        Evaluation total = null;
        for (SequenceBatch b : validation) {
            Evaluation e = network.forward(b);
            total = total == null ? e : total.plusBatch(e);
        }
        return total;
    }
}
