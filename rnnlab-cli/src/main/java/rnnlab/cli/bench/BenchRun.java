package rnnlab.cli.bench;

import java.util.List;
import java.util.Optional;
import rnnlab.nn.CellType;

/**
 * A whole {@code rnnlab bench} run: where and how it ran, and per BLAS implementation its rows.
 *
 * @param rnnlab rnnlab's version
 * @param command the arguments as given
 * @param warmup untimed steps before each row
 * @param reps timed repetitions per figure
 * @param peers libtorch's figures shown beside: measured ({@code --peers}) or the issue's
 */
public record BenchRun(String rnnlab, Machine machine, List<String> command, int warmup, int reps, List<BlasRun> runs,
                       PeerTimes peers) {

    /**
     * The rows of one BLAS implementation.
     *
     * @param blas its {@link rnnlab.math.Blas#name()}
     * @param threads the threads one product may use (OpenBLAS's own)
     * @param engineThreads the network's threads: batch shards, each running the time loop
     * @param products how the per-step products multiplied by W_hh ({@link rnnlab.math.FixedProducts#describe()})
     * @param cells which element-wise cells ran ({@link rnnlab.nn.RecurrentNetwork#cellsDescription()})
     * @param lowMemory whether the networks ran in low-memory mode
     * @param square the rate of a large square sgemm, for reference
     * @param probes the probe-cost measurements (empty unless asked for)
     */
    public record BlasRun(String blas, int threads, int engineThreads, String products, String cells, boolean lowMemory, SgemmPeak square, List<RowResult> rows, List<ProbeCost> probes) {
        /** The row of this cell and shape, if measured. */
        public Optional<RowResult> row(CellType cell, BenchConfig config) {
            return rows.stream().filter(r -> r.cell() == cell && r.config().equals(config)).findFirst();
        }
    }
}
