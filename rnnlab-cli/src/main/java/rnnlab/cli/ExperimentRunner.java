package rnnlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import rnnlab.io.AtomicFiles;
import rnnlab.math.Blas;
import rnnlab.math.Rng;
import rnnlab.probe.GradientFlowProbe;
import rnnlab.tasks.Task;
import rnnlab.train.TrainingRun;

/**
 * Runs an {@link ExperimentPlan}: every grid point in its own directory, several at once (one per
 * core; each run single-threaded by default, {@link ParallelTraining#threadsPerRun}, so runs side by
 * side change none of their results), and
 * keeps {@code results.csv} up to date after every run. A finished run is marked by its
 * {@code run.json}; with resume, those runs are read back instead of redone, so an interrupted
 * experiment loses at most the runs that were in progress.
 */
final class ExperimentRunner {
    static final String RESULTS_HEADER = "cell,T,seed,solved,metric,baseline,steps,sequences,seconds,stop";
    private static final int STEP = TrainingRun.StepRecord.COLUMNS.indexOf("step");
    private static final int VALIDATION = TrainingRun.StepRecord.COLUMNS.indexOf("validation_metric");

    private final ExperimentPlan plan;
    private final Path root;
    private final Blas blas;
    private final List<String> command;
    private int threadsPerRun = 1; // each run's network's threads

    ExperimentRunner(ExperimentPlan plan, Path root, Blas blas, List<String> command) {
        this.plan = plan;
        this.root = root;
        this.blas = blas;
        this.command = command;
    }

    /** Runs (or, resuming, reads back) every point; returns the outcomes in the plan's order. */
    List<Outcome> run(boolean resume, int jobs, PrintWriter out, PrintWriter err) throws Exception {
        List<ExperimentPlan.Point> points = plan.points();
        if (!resume && Files.exists(root.resolve("results.csv")))
            throw new Main.UsageException(root + " holds an experiment already: add --resume to continue it, or choose another --out");
        Outcome[] outcomes = new Outcome[points.size()];
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            if (resume) outcomes[i] = Outcome.read(points.get(i), points.get(i).dir(root));
            if (outcomes[i] == null) todo.add(i);
        }
        if (resume && todo.size() < points.size())
            out.printf(Locale.ROOT, "resuming: %d of %d runs finished before, %d to go%n",
                    points.size() - todo.size(), points.size(), todo.size());
        writeResults(outcomes);
        long total = (long) todo.size() * plan.recipe().steps();
        AtomicLong done = new AtomicLong();
        int parallel = Math.max(1, Math.min(jobs, Math.max(1, todo.size())));
        threadsPerRun = ParallelTraining.threadsPerRun(parallel);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try (Progress progress = Progress.start("experiment", Math.max(1, total), err, 40)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i : todo) {
                futures.add(pool.submit(() -> {
                    Outcome o = runOne(points.get(i), done, progress);
                    synchronized (outcomes) {
                        outcomes[i] = o;
                        writeResults(outcomes);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) unwrap(f);
        } finally {
            pool.shutdownNow();
        }
        return List.of(outcomes);
    }

    private Outcome runOne(ExperimentPlan.Point p, AtomicLong done, Progress progress) throws IOException {
        Task task = plan.tasks().apply(p.length());
        TrainingRun run = new TrainingRun(task, plan.recipe().settings(p.variant(), p.length(), p.seed()), blas);
        run.network().threads(threadsPerRun);
        if (plan.stopWhenSolved()) run.stopWhenSolved();
        if (plan.minutes() > 0) run.timeLimit(plan.minutes() * 60);
        GradientFlowProbe probe = GradientFlowProbe.of(run.network(), task.sample(plan.recipe().batch(), Rng.create(p.seed() + 99)));
        double[] lagsBefore = probe.gradientNorms(run.network(), 0).lastStep().hidden().mean();
        List<double[]> curve = new ArrayList<>();
        Path dir = p.dir(root);
        TrainingRun.Result result;
        try (RunFiles files = new RunFiles(dir)) {
            result = run.run(rec -> {
                files.append(rec);
                if (!Double.isNaN(rec.validation())) curve.add(new double[] {rec.step(), rec.validation()});
                synchronized (progress) {
                    progress.update(done.incrementAndGet(), p.label());
                }
            });
            double[] lagsAfter = probe.gradientNorms(run.network(), result.steps()).lastStep().hidden().mean();
            AtomicFiles.write(dir.resolve("gradflow.csv"), Outcome.lagCsv(lagsBefore, lagsAfter));
            files.finish(run, result, command); // run.json last: it marks the run finished
            Outcome o = new Outcome(p, result.validationMetric(), task.baseline(), result.solved(), result.steps(),
                    (long) result.steps() * plan.recipe().batch(), result.seconds(), result.stop().name().toLowerCase(Locale.ROOT),
                    curve, lagsBefore, lagsAfter);
            synchronized (progress) {
                long skipped = (long) plan.recipe().steps() - result.steps();
                progress.update(done.addAndGet(skipped), p.label() + (o.solved() ? " solved" : ""));
            }
            return o;
        }
    }

    private void writeResults(Outcome[] outcomes) throws IOException {
        StringBuilder csv = new StringBuilder(RESULTS_HEADER).append('\n');
        for (Outcome o : outcomes) if (o != null) csv.append(o.csvRow()).append('\n');
        AtomicFiles.write(root.resolve("results.csv"), csv.toString());
    }

    private static void unwrap(Future<?> f) throws Exception {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }

    /**
     * One finished run: its verdict, its validation curve ({step, metric}) and the per-lag
     * gradient norm ‖∂L/∂h_{T−k}‖ of the loss at the last step, before and after training.
     */
    record Outcome(ExperimentPlan.Point point, double metric, double baseline, boolean solved, int steps,
                   long sequences, double seconds, String stop, List<double[]> curve, double[] lagsBefore,
                   double[] lagsAfter) {
        String csvRow() {
            return String.format(Locale.ROOT, "%s,%d,%d,%b,%.6g,%.6g,%d,%d,%.1f,%s", point.variant().name(), point.length(),
                    point.seed(), solved, metric, baseline, steps, sequences, seconds, stop);
        }

        static String lagCsv(double[] before, double[] after) {
            StringBuilder s = new StringBuilder("lag,dh_last_init,dh_last_final\n");
            for (int k = 0; k < before.length; k++)
                s.append(String.format(Locale.ROOT, "%d,%.6g,%.6g%n", k, before[k], after[k]));
            return s.toString();
        }

        /** The outcome a finished run left in {@code dir}, or null when it did not finish. */
        static Outcome read(ExperimentPlan.Point p, Path dir) throws IOException {
            Path runJson = dir.resolve("run.json");
            if (!Files.exists(runJson)) return null;
            try {
                JsonNode r = new ObjectMapper().readTree(runJson.toFile());
                JsonNode res = r.path("result");
                List<double[]> curve = new ArrayList<>();
                List<String> metrics = Files.readAllLines(dir.resolve("metrics.csv"));
                for (String line : metrics.subList(1, metrics.size())) {
                    String[] f = line.split(",", -1);
                    if (!f[VALIDATION].isEmpty()) curve.add(new double[] {Double.parseDouble(f[STEP]), Double.parseDouble(f[VALIDATION])});
                }
                List<String> lags = Files.readAllLines(dir.resolve("gradflow.csv"));
                double[] before = new double[lags.size() - 1], after = new double[lags.size() - 1];
                for (int k = 1; k < lags.size(); k++) {
                    String[] f = lags.get(k).split(",");
                    before[k - 1] = Double.parseDouble(f[1]);
                    after[k - 1] = Double.parseDouble(f[2]);
                }
                return new Outcome(p, res.path("validation_metric").asDouble(), r.path("task").path("baseline").asDouble(),
                        res.path("solved").asBoolean(), res.path("steps").asInt(), res.path("sequences_seen").asLong(),
                        res.path("seconds").asDouble(), res.path("stop").asText("steps"), curve, before, after);
            } catch (IOException | RuntimeException e) {
                throw new Main.UsageException("the finished run in " + dir + " cannot be read back (" + e.getMessage()
                        + "); delete that directory and resume again to redo it");
            }
        }
    }
}
