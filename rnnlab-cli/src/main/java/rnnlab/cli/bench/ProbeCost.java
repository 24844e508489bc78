package rnnlab.cli.bench;

import rnnlab.math.Blas;
import rnnlab.math.Rng;
import rnnlab.nn.CellType;
import rnnlab.nn.SequenceBatch;
import rnnlab.probe.GradientFlowProbe;
import rnnlab.probe.LagStepGrid;

/**
 * What the gradient-flow probes cost training, as {@code rnnlab demo} and {@code gradflow} run
 * them: the per-lag curve ({@link GradientFlowProbe#gradientNorms}) every {@code every} steps,
 * into a {@link LagStepGrid}; the full {@link GradientFlowProbe#analyse} only at the start and
 * the end, timed apart.
 *
 * <p>A round is {@code every} training steps of the row's {@link Workload}, with or without the
 * probe after them; rounds alternate off, on, on, off, ... on one network, so that drift in the
 * machine's load falls on both alike.
 *
 * @param offMs milliseconds per round without probes
 * @param onMs milliseconds per round with the probe
 * @param normsMs milliseconds per probe (the per-lag norms alone), timed apart
 * @param analyseMs milliseconds per full analysis
 */
public record ProbeCost(CellType cell, BenchConfig config, int every, Stats offMs, Stats onMs, Stats normsMs,
                        Stats analyseMs) {

    /** Measures {@code pairs} pairs of rounds after one untimed round of each. */
    public static ProbeCost measure(CellType cell, BenchConfig config, Blas blas, int threads, boolean lowMemory, int every, int pairs) {
        Workload w = Workload.of(cell, config, blas, threads, lowMemory);
        SequenceBatch probeBatch = Workload.batch(config, Rng.create(Workload.SEED + 99));
        GradientFlowProbe probe = GradientFlowProbe.of(w.network, probeBatch);
        LagStepGrid grid = LagStepGrid.forSteps(config.steps());
        Runnable off = () -> rounds(w, every);
        Runnable on = () -> {
            rounds(w, every);
            long step = w.trainer.stepsDone();
            grid.add(step, probe.gradientNorms(w.network, step).lastStep().hidden().mean());
        };
        off.run();
        on.run();
        double[] offMs = new double[pairs], onMs = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            boolean onFirst = p % 2 == 1;
            if (onFirst) onMs[p] = millis(on);
            offMs[p] = millis(off);
            if (!onFirst) onMs[p] = millis(on);
        }
        Stats norms = Timed.run(pairs, () -> probe.gradientNorms(w.network, w.trainer.stepsDone())).millis();
        Stats analyse = Timed.run(pairs, () -> probe.analyse(w.network, w.trainer.stepsDone())).millis();
        return new ProbeCost(cell, config, every, Stats.of(offMs), Stats.of(onMs), norms, analyse);
    }

    private static void rounds(Workload w, int steps) {
        for (int s = 0; s < steps; s++) w.trainStep();
    }

    private static double millis(Runnable task) {
        long t0 = System.nanoTime();
        task.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Time with probes over time without, at the medians: 1.02 means probing costs 2 %. */
    public double ratio() {
        return onMs.median() / offMs.median();
    }

    /** Training throughput with probes as a fraction of without: 1 / {@link #ratio()}. */
    public double throughputRatio() {
        return 1 / ratio();
    }

    /**
     * The probes' share from the parts: one probe over {@code every} training steps, at the
     * medians. Less exposed to the machine's drift than {@link #ratio()}, which times whole rounds.
     */
    public double overheadFromParts() {
        return normsMs.median() / offMs.median();
    }

    /** One full analysis in training steps (at the median step time without probes). */
    public double analyseInSteps() {
        return analyseMs.median() / (offMs.median() / every);
    }
}
