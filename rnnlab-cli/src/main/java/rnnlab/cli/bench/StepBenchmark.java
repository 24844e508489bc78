package rnnlab.cli.bench;

import java.util.Optional;
import rnnlab.math.Blas;
import rnnlab.nn.CellType;
import rnnlab.nn.SequenceBatch;

/**
 * Measures one row: warm-up until the JIT is quiet ({@link Warmup}), then training steps and
 * inference passes timed one by one, the heap allocation and collections of the timed steps, the
 * host's steal over the warm-up and the timed steps, the activation memory, the peak RSS, and
 * the rate of one product with the forward pass's FLOPs (the row's "100 %").
 */
public final class StepBenchmark {
    private StepBenchmark() {}

    /**
     * @param warmup untimed training steps, and as many inference passes, first: at least these,
     *     then on until the JIT is quiet ({@link Warmup})
     * @param reps timed training steps, and as many inference passes
     * @param threads the network's threads (batch shards)
     * @param lowMemory the network's low-memory mode
     */
    public static RowResult run(CellType cell, BenchConfig config, Blas blas, int threads, boolean lowMemory, int warmup, int reps) {
        boolean rss = Machine.resetPeakRss();
        Workload w = Workload.of(cell, config, blas, threads, lowMemory);
        Workload warm = w;
        Optional<HostSteal> before = HostSteal.now();
        Warmup warmed = Warmup.run(() -> {
            warm.trainStep();
            warm.inferencePass();
        }, warmup);
        System.gc(); // earlier rows' garbage is not collected inside the timed steps
        // The collection clears the OpenBLAS binding's cached argument segments (held weakly, so
        // that they never keep a buffer alive): one more untimed step and pass re-create them.
        w.trainStep();
        w.inferencePass();
        Timed train = Timed.run(reps, w::trainStep);
        Timed infer = Timed.run(reps, w::inferencePass);
        double steal = HostSteal.percent(before, HostSteal.now());
        long peakRss = rss ? Machine.peakRssBytes() : -1; // the training alone, before the measurements below
        SequenceBatch batch = w.training;
        w = null; // the next network and products need not share the heap with it
        ActivationMemory memory = ActivationMemory.measure(() -> Workload.network(cell, config, blas, threads, lowMemory), batch, config);
        SgemmPeak sgemm = SgemmPeak.sameFlops(blas, cell, config, 1, reps);
        return new RowResult(cell, config, train.millis(), infer.millis(), train.bytesPerRep(), infer.bytesPerRep(),
                train.allocations().collections(), memory, sgemm, peakRss, warmed, steal);
    }
}
