package rnnlab.cli.bench;

import rnnlab.nn.CellType;

/**
 * One cell at one shape with one BLAS.
 *
 * @param trainMs milliseconds per training step
 * @param inferMs milliseconds per inference pass
 * @param bytesPerStep heap bytes the benchmark thread allocated per timed training step
 * @param bytesPerInference the same per inference pass
 * @param collections garbage collections during the timed training steps
 * @param memory the buffers a training pass keeps, against the least BPTT keeps
 * @param sgemm the same forward FLOPs as one product ({@link SgemmPeak#sameFlops}), the row's 100 %
 * @param peakRssBytes the process's peak resident set while measuring this row (VmHWM, reset
 *     before the row), -1 where it cannot be read or reset
 * @param warmup the row's warm-up: rounds, seconds, whether the JIT was quiet at its end
 * @param stealPercent percent of the CPUs' busy time the hypervisor stole while the row's
 *     warm-up and timed steps ran ({@link HostSteal}); NaN where it cannot be read
 */
public record RowResult(CellType cell, BenchConfig config, Stats trainMs, Stats inferMs, double bytesPerStep,
                        double bytesPerInference, long collections, ActivationMemory memory, SgemmPeak sgemm,
                        long peakRssBytes, Warmup warmup, double stealPercent) {

    /** Whether the host stole enough CPU time during the row to slow it ({@link HostSteal#NOISY_PERCENT}). */
    public boolean noisy() {
        return stealPercent >= HostSteal.NOISY_PERCENT;
    }

    /** Heap bytes allocated per time step t of a training step (per step / T). */
    public double bytesPerTimeStep() {
        return bytesPerStep / config.steps();
    }

    /** Time steps (B·T per batch) trained per second, at the median step time. */
    public double timeStepsPerSecond() {
        return config.timeSteps() / (trainMs.median() / 1e3);
    }

    /** Training GFLOP/s by the count, at the median. */
    public double trainGflops() {
        return config.trainingFlops(cell) / (trainMs.median() * 1e6);
    }

    /** Training GFLOP/s as a percentage of {@link #sgemm}'s. */
    public double percentOfSgemm() {
        return 100 * trainGflops() / sgemm.gflops();
    }

    /** Inference GFLOP/s by the count, at the median. */
    public double inferGflops() {
        return config.forwardFlops(cell) / (inferMs.median() * 1e6);
    }
}
