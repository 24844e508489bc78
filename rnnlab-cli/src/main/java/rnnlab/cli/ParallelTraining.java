package rnnlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.train.TrainingRun;

/**
 * Trains several runs at once, one per core, each writing its files to {@code out/<cell>}, with
 * one progress display for all of them. Each run is seeded and single-threaded by default
 * ({@link #threadsPerRun}), so running them side by side changes none of their results.
 */
final class ParallelTraining {
    private ParallelTraining() {}

    /** Called after each step of each run (from that run's thread), e.g. to probe it. */
    interface StepHook {
        void afterStep(int runIndex, TrainingRun.StepRecord record);
    }

    static List<TrainingRun.Result> train(List<TrainingRun> runs, Path out, List<String> command,
                                          PrintWriter err, String label, StepHook hook) throws Exception {
        long total = runs.stream().mapToLong(r -> r.settings().steps()).sum();
        AtomicLong done = new AtomicLong();
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = Math.min(runs.size(), cores);
        for (TrainingRun run : runs) run.network().threads(threadsPerRun(threads));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Progress progress = Progress.start(label, total, err, 20)) {
            List<Future<TrainingRun.Result>> futures = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                TrainingRun run = runs.get(i);
                int index = i;
                Path dir = out.resolve(run.settings().cell().cliName());
                futures.add(pool.submit(() -> {
                    try (RunFiles files = new RunFiles(dir)) {
                        TrainingRun.Result r = run.run(rec -> {
                            files.append(rec);
                            hook.afterStep(index, rec);
                            synchronized (progress) {
                                progress.update(done.incrementAndGet(), String.format(Locale.ROOT, "%s loss %.3g",
                                        run.settings().cell().cliName(), rec.loss()));
                            }
                        });
                        files.finish(run, r, command);
                        return r;
                    }
                }));
            }
            List<TrainingRun.Result> results = new ArrayList<>();
            for (Future<TrainingRun.Result> f : futures) results.add(unwrap(f));
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static TrainingRun.Result unwrap(Future<TrainingRun.Result> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }

    /**
     * Each network's threads when {@code concurrentRuns} train side by side: the library's default
     * (1 unless set), and never more than the cores left per run, so that nothing is oversubscribed.
     */
    static int threadsPerRun(int concurrentRuns) {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.min(RecurrentNetwork.defaultThreads(), Math.max(1, cores / Math.max(1, concurrentRuns)));
    }
}
