package rnnlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import rnnlab.cli.bench.BenchConfig;
import rnnlab.cli.bench.BenchJson;
import rnnlab.cli.bench.BenchRun;
import rnnlab.cli.bench.BenchRun.BlasRun;
import rnnlab.cli.bench.BenchTable;
import rnnlab.cli.bench.Machine;
import rnnlab.cli.bench.PeerTimes;
import rnnlab.cli.bench.ProbeCost;
import rnnlab.cli.bench.RowResult;
import rnnlab.cli.bench.SgemmPeak;
import rnnlab.cli.bench.StepBenchmark;
import rnnlab.io.AtomicFiles;
import rnnlab.math.Blas;
import rnnlab.math.BlasProvider;
import rnnlab.math.FixedProducts;
import rnnlab.nn.CellType;
import rnnlab.nn.RecurrentNetwork;

/**
 * {@code rnnlab bench}: milliseconds per training step and per inference pass, throughput,
 * GFLOP/s against the sgemm rate of the same BLAS, heap allocation per step, activation memory
 * and peak RSS, per cell and shape; libtorch's figures from the speed issue beside. The
 * measuring lives in {@code rnnlab.cli.bench}; this class reads the flags and runs the rows.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark training and inference of each cell at each shape: ms per step (median of --reps, min, max), "
                + "time steps/s, GFLOP/s and %% of the sgemm rate measured first with the same BLAS, heap bytes allocated per "
                + "step, activation memory against what BPTT must keep, peak RSS; libtorch's figures beside (--peers FILE: measured "
                + "on this machine by scripts/bench-peers; else the speed issue's, from another machine).",
                "Progress goes to stderr, the table to stdout."})
final class BenchCommand implements Callable<Integer> {
    static final int MIN_REPS = 5;

    @Spec
    CommandSpec spec;

    private int rowsDone; // for the progress display

    @Option(names = "--cell", split = ",", defaultValue = "lstm,gru,rnn", paramLabel = "CELL",
            description = "Cells, comma-separated: rnn, rnn-relu, lstm, gru (default: ${DEFAULT-VALUE}).")
    List<String> cells;

    @Option(names = "--config", paramLabel = "I,H,B,T[,O]",
            description = {"A shape to measure (repeatable): inputs, hidden units, batch, sequence length, and optionally O, "
                    + "the classes of the per-step cross-entropy (default 10; 65 for the char LM shape).",
                    "Default: the issue's six, 2,128,32,100 (adding) 10,128,64,200 65,256,32,100 (char LM) "
                    + "1,128,64,784 (pixel MNIST) 256,512,64,50 28,128,128,28 (row MNIST)."})
    List<String> configs = new ArrayList<>();

    @Mixin
    BlasOption blas = new BlasOption();

    @Option(names = "--java-too", description = "Also measure every row with the pure-Java matrix products, reported beside.")
    boolean javaToo;

    @Option(names = "--threads", paramLabel = "N",
            description = {"Threads for one training step, as for train: the batch is split into up to N shards of at least 8 "
                    + "sequences, each running the whole time loop on its own thread (default: 1; the peers' "
                    + "figures use 2). Both BLAS paths."})
    Integer threads;

    @Option(names = "--blas-threads", defaultValue = "1", paramLabel = "N",
            description = {"OpenBLAS's own threads per product (default: ${DEFAULT-VALUE}). With shards, more than 1 "
                    + "oversubscribes the cores: each shard's small products would split again."})
    int blasThreads;

    @Option(names = "--low-memory",
            description = "Networks in low-memory mode, as train --low-memory: the per-step gradients and the weight gradients 16 steps at a time.")
    boolean lowMemory;

    @Option(names = "--warmup", defaultValue = "10", paramLabel = "N", description = "Untimed training steps (and inference passes) before each row: at least N, then on until "
            + "the JIT has compiled nothing for 1 s (at most 60 s); 0: none, a cold measurement (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--reps", defaultValue = "5", paramLabel = "N", description = "Timed repetitions per figure, at least " + MIN_REPS + " (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--probe-every", defaultValue = "0", paramLabel = "N",
            description = {"Also measure the probes' cost: training with the per-lag gradient norms every N steps (as demo and "
                    + "gradflow run them) against without, in alternating rounds of N steps, for each cell and shape "
                    + "with the first BLAS; 0 = off (default: ${DEFAULT-VALUE})."})
    int probeEvery;

    @Option(names = "--peers", paramLabel = "FILE",
            description = {"libtorch's figures to show beside, measured on this machine by scripts/bench-peers (its combined "
                    + "JSON) or rnnlab-peers (its libtorch JSON), matched by cell and I,H,B,T,O; without it, the speed "
                    + "issue's figures from another machine."})
    Path peersFile;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write every figure as JSON to FILE; '-' writes the JSON to stdout instead of the table.")
    String json;

    @Override
    public Integer call() throws IOException {
        List<CellType> cellTypes = cells.stream().map(CellType::parse).toList();
        List<BenchConfig> shapes = configs.isEmpty() ? BenchConfig.DEFAULTS : configs.stream().map(BenchConfig::parse).toList();
        check();
        Machine machine = Machine.describe();
        PeerTimes peers = peers(machine);
        PrintWriter err = spec.commandLine().getErr();
        List<Blas> blases = blases(err);
        List<BlasRun> runs = new ArrayList<>();
        int total = blases.size() * cellTypes.size() * shapes.size() + (probeEvery > 0 ? cellTypes.size() * shapes.size() : 0);
        try (Progress progress = Progress.start("bench", total, err, total, "rows")) {
            for (Blas b : blases) runs.add(measure(b, cellTypes, shapes, b == blases.getFirst(), progress));
        }
        BenchRun run = new BenchRun(Versions.rnnlab(), machine, spec.commandLine().getParseResult().originalArgs(), warmup, reps, runs, peers);
        report(run);
        return 0;
    }

    private void check() {
        if (reps < MIN_REPS) throw new IllegalArgumentException("--reps must be at least " + MIN_REPS + " (a median of fewer is no benchmark), got " + reps);
        if (warmup < 0) throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
        if (threads != null && threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        if (blasThreads < 1) throw new IllegalArgumentException("--blas-threads must be at least 1, got " + blasThreads);
        if (probeEvery < 0) throw new IllegalArgumentException("--probe-every must be 0 (off) or more, got " + probeEvery);
    }

    /** The --peers file's libtorch figures, read before any row is measured; the issue's without it. */
    private PeerTimes peers(Machine machine) throws IOException {
        if (peersFile == null) return PeerTimes.ISSUE;
        try {
            return PeerTimes.read(CliFiles.readable("--peers", peersFile), machine.cpu());
        } catch (PeerTimes.MalformedPeersException e) {
            throw new Main.UsageException("--peers " + e.getMessage());
        }
    }

    /** The network's threads: --threads, else the library's default (1). */
    private int engineThreads() {
        return threads != null ? threads : rnnlab.nn.RecurrentNetwork.defaultThreads();
    }

    /**
     * The --blas implementation, then the pure-Java one if --java-too. OpenBLAS reads its thread
     * count when it is first loaded, so --blas-threads is set before; a library already loaded in
     * this process keeps its count (said on stderr).
     */
    private List<Blas> blases(PrintWriter err) {
        System.setProperty(BlasProvider.THREADS_PROPERTY, Integer.toString(blasThreads));
        Blas first = blas.create();
        if (!first.name().equals("java") && first.threads() != blasThreads)
            err.printf(Locale.ROOT, "rnnlab: note: OpenBLAS was already loaded with %d threads; --blas-threads %d not applied%n",
                    first.threads(), blasThreads);
        List<Blas> list = new ArrayList<>(List.of(first));
        if (javaToo && !first.name().equals("java")) list.add(BlasProvider.create("java"));
        return list;
    }

    /** The rows (and, when asked and {@code withProbes}, the probe costs) of one BLAS. */
    private BlasRun measure(Blas b, List<CellType> cellTypes, List<BenchConfig> shapes, boolean withProbes, Progress progress) {
        SgemmPeak square = SgemmPeak.square(b, SgemmPeak.SQUARE, 2, reps);
        List<RowResult> rows = new ArrayList<>();
        List<ProbeCost> probes = new ArrayList<>();
        String blasName = b.name().equals("java") ? "java" : "native";
        for (BenchConfig shape : shapes) {
            for (CellType cell : cellTypes) {
                RowResult r = StepBenchmark.run(cell, shape, b, engineThreads(), lowMemory, warmup, reps);
                rows.add(r);
                progress.update(++rowsDone, String.format(Locale.ROOT, "%s %s %s: %s ms/step", blasName, cell.cliName(),
                        shape.shape(), BenchTable.ms(r.trainMs().median())));
                if (withProbes && probeEvery > 0) {
                    ProbeCost p = ProbeCost.measure(cell, shape, b, engineThreads(), lowMemory, probeEvery, reps);
                    probes.add(p);
                    progress.update(++rowsDone, String.format(Locale.ROOT, "probes %s %s: %.1f %% of %d steps", cell.cliName(),
                            shape.shape(), 100 * p.overheadFromParts(), probeEvery));
                }
            }
        }
        return new BlasRun(b.name(), b.threads(), engineThreads(), FixedProducts.best().describe(),
                RecurrentNetwork.cellsDescription(), lowMemory, square, rows, probes);
    }

    private void report(BenchRun run) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if ("-".equals(json)) {
            out.print(BenchJson.of(run));
            out.flush();
            return;
        }
        BenchTable.print(out, run);
        if (json != null) {
            Path file = Path.of(json);
            try {
                AtomicFiles.write(file, BenchJson.of(run));
            } catch (IOException e) {
                throw new Main.UsageException("cannot write --json " + file + ": " + e.getMessage());
            }
            out.println("wrote " + file);
        }
    }
}
