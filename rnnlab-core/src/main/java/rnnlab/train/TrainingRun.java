package rnnlab.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import rnnlab.math.Blas;
import rnnlab.math.Lxm;
import rnnlab.math.Rng;
import rnnlab.nn.Evaluation;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.Parameter;
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
 *
 * <p>Checkpoints: {@link #checkpoint()} after any step captures weights, optimiser, data
 * generator and metrics; {@link #resume} puts them back, and the run continues as if it had never
 * stopped. A step whose loss or gradient is not finite updates nothing and is counted; after
 * {@link #nonFiniteLimit} such steps in a row the run stops with {@link DivergedException}.
 */
public final class TrainingRun {
    private final Task task;
    private final RunSettings settings;
    private final RecurrentNetwork network;
    private final Trainer trainer;
    private Lxm data;
    private final SequenceBatch[] validation;
    private final List<StepRecord> history = new ArrayList<>();
    private int nonFiniteInARow;
    private int nonFiniteLimit = DEFAULT_NON_FINITE_LIMIT;
    private double elapsedBefore;
    private boolean stopWhenSolved;
    private double timeLimitSeconds = Double.POSITIVE_INFINITY;

    /** Non-finite steps in a row after which a run stops, unless set otherwise. */
    public static final int DEFAULT_NON_FINITE_LIMIT = 10;

    /** What one step reported; {@code validation} is NaN on steps without an evaluation. */
    public record StepRecord(int step, double loss, double metric, float learningRate,
                             double gradNormBefore, double gradNormAfter, int skippedUpdates,
                             double validation, double elapsedSeconds) {
        /** The fields' names in metrics files and checkpoints, in the order of {@link #values()}. */
        public static final List<String> COLUMNS = List.of("step", "loss", "metric", "learning_rate", "grad_norm",
                "grad_norm_clipped", "skipped_updates", "validation_metric", "elapsed_s");

        /** The fields as numbers, in the order of {@link #COLUMNS}. */
        public double[] values() {
            return new double[] {step, loss, metric, learningRate, gradNormBefore, gradNormAfter, skippedUpdates,
                    validation, elapsedSeconds};
        }

        /** The record whose {@link #values()} are {@code v[from .. from + COLUMNS.size())}. */
        public static StepRecord of(double[] v, int from) {
            return new StepRecord((int) v[from], v[from + 1], v[from + 2], (float) v[from + 3], v[from + 4], v[from + 5],
                    (int) v[from + 6], v[from + 7], v[from + 8]);
        }
    }

    /** Receives every step as it finishes (for progress and metrics files). */
    @FunctionalInterface
    public interface Listener {
        void onStep(StepRecord record);
    }

    /** Why a run ended: all its steps done, the task solved, or the time limit reached. */
    public enum Stop { STEPS, SOLVED, TIME }

    /**
     * The end of a run; {@code steps} is the number of steps done; {@code solved} is the
     * verdict's: {@link Task#verdict} on the validation set at the end.
     */
    public record Result(Evaluation validation, double validationMetric, boolean solved, int steps,
                         long skippedUpdates, double seconds, Stop stop, Verdict verdict) {}

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

    /**
     * Stop after {@code limit} steps in a row whose update was skipped for a non-finite loss or
     * gradient; 1 stops at the first. Returns this run.
     */
    public TrainingRun nonFiniteLimit(int limit) {
        if (limit < 1) throw new IllegalArgumentException("the non-finite step limit must be at least 1, got " + limit);
        this.nonFiniteLimit = limit;
        return this;
    }

    /**
     * End the run at the first evaluation that finds the task solved (experiments count the
     * sequences a cell needs): the task's {@link Task#verdict} after each evaluation, which for
     * tasks judged sequence by sequence is one more pass over the validation set. Returns this run.
     */
    public TrainingRun stopWhenSolved() {
        this.stopWhenSolved = true;
        return this;
    }

    /** End the run once its training time (resumed time included) reaches this. Returns this run. */
    public TrainingRun timeLimit(double seconds) {
        if (!(seconds > 0)) throw new IllegalArgumentException("the time limit must be positive, got " + seconds + " s");
        this.timeLimitSeconds = seconds;
        return this;
    }

    /** Training steps done so far (more than 0 after {@link #resume}). */
    public int stepsDone() {
        return trainer.stepsDone();
    }

    /**
     * Trains from the current step to the configured number of steps, reporting each to the
     * listener (which may take a {@link #checkpoint()}).
     *
     * @throws DivergedException after {@link #nonFiniteLimit} non-finite steps in a row
     */
    public Result run(Listener listener) {
        long start = System.nanoTime();
        Evaluation last = null, judged = null;
        Verdict verdict = null;
        Stop stop = Stop.STEPS;
        for (int s = trainer.stepsDone() + 1; s <= settings.steps(); s++) {
            Trainer.StepReport report = trainer.step(task.sample(settings.batchSize(), data));
            nonFiniteInARow = report.skipped() > 0 ? nonFiniteInARow + 1 : 0;
            double val = Double.NaN;
            if (s % settings.evalEvery() == 0 || s == settings.steps()) {
                last = evaluate();
                val = task.metric(last);
            }
            StepRecord record = new StepRecord(s, report.loss(), task.metric(report.evaluation()), report.learningRate(),
                    report.gradNormBefore(), report.gradNormAfter(), report.skipped(), val,
                    elapsedBefore + (System.nanoTime() - start) / 1e9);
            history.add(record);
            if (nonFiniteInARow >= nonFiniteLimit) throw new DivergedException(s, nonFiniteInARow);
            listener.onStep(record);
            if (stopWhenSolved && !Double.isNaN(val)) {
                verdict = verdict(last);
                judged = last;
                if (verdict.solved()) {
                    stop = Stop.SOLVED;
                    break;
                }
            }
            if (record.elapsedSeconds() >= timeLimitSeconds) {
                stop = Stop.TIME;
                if (Double.isNaN(val)) last = evaluate();
                break;
            }
        }
        if (last == null) last = evaluate(); // resumed after the last step
        if (judged != last) verdict = verdict(last);
        return new Result(last, task.metric(last), verdict.solved(), trainer.stepsDone(), trainer.skippedUpdates(),
                elapsedBefore + (System.nanoTime() - start) / 1e9, stop, verdict);
    }

    /** The task's own criterion on the trained network, given its evaluation on the validation set. */
    private Verdict verdict(Evaluation evaluation) {
        return task.verdict(network, List.of(validation), evaluation);
    }

    /** The state after the last finished step; see {@link Checkpoint}. */
    public Checkpoint checkpoint() {
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) weights.put(p.name(), p.value());
        double elapsed = history.isEmpty() ? 0 : history.getLast().elapsedSeconds();
        return new Checkpoint(trainer.stepsDone(), fingerprint(), weights, trainer.optimizerState(), data.state(),
                trainer.skippedUpdates(), nonFiniteInARow, elapsed, history);
    }

    /**
     * Continues from {@code checkpoint}, taken from a run with the same task and settings.
     *
     * @throws IllegalArgumentException if the checkpoint is another run's, or its weights do not
     *     fit the network
     */
    public void resume(Checkpoint checkpoint) {
        if (!checkpoint.fingerprint().equals(fingerprint()))
            throw new IllegalArgumentException("the checkpoint is of another run (" + checkpoint.fingerprint()
                    + "), not this one (" + fingerprint() + ")");
        if (checkpoint.step() > settings.steps())
            throw new IllegalArgumentException("the checkpoint is at step " + checkpoint.step()
                    + ", beyond the run's " + settings.steps() + " steps");
        network.loadWeights(checkpoint.weights());
        trainer.restore(checkpoint.step(), checkpoint.skippedUpdates(), checkpoint.optimizer());
        data = Lxm.restore(checkpoint.dataRng());
        nonFiniteInARow = checkpoint.nonFiniteInARow();
        elapsedBefore = checkpoint.elapsedSeconds();
        history.clear();
        history.addAll(checkpoint.history());
    }

    /**
     * What identifies this run's task and settings: a checkpoint from another run is refused.
     */
    public String fingerprint() {
        RunSettings s = settings;
        return task.name() + " T=" + task.steps() + " I=" + task.inputSize() + " O=" + task.outputSize()
                + " " + s.cell().cliName() + " H=" + s.hiddenSize() + " layers=" + s.layers() + " steps=" + s.steps() + " batch=" + s.batchSize()
                + " lr=" + s.learningRate() + " " + s.optimizer() + " momentum=" + s.momentum() + " wd=" + s.weightDecay()
                + " schedule=" + s.schedule() + " clip=" + s.clipping().spec() + " init=" + s.initialization()
                + " truncation=" + s.truncation() + " seed=" + s.seed() + " eval=" + s.evalEvery() + "/" + s.evalSize();
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
