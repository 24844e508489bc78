package rnnlab.cli;

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
import rnnlab.math.Blas;
import rnnlab.nn.CellType;
import rnnlab.probe.CurveSummary;
import rnnlab.tasks.Task;
import rnnlab.train.Clipping;
import rnnlab.train.RunSettings;
import rnnlab.train.Truncation;
import rnnlab.train.TrainingRun;

/**
 * {@code rnnlab gradflow}: measures how far back the gradient reaches in each cell, at
 * initialisation or during a short training run, and writes the data and an HTML report.
 */
@Command(name = "gradflow", mixinStandardHelpOptions = true,
        description = {"Measure the gradient flow through time of RNN, LSTM and GRU networks on the adding problem:",
                "per-lag gradient norms, step Jacobians and their products, the LSTM's four cell-path terms,",
                "at initialisation or while training. Writes CSV per cell and DIR/report.html."})
final class GradflowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cells", split = ",", defaultValue = "rnn,lstm,gru",
            description = "Cells to compare, comma-separated: rnn, rnn-relu, lstm, gru (default: ${DEFAULT-VALUE}).")
    List<String> cells;

    @Option(names = {"--length", "-T"}, defaultValue = "100", description = "Sequence length T (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--hidden", defaultValue = "64", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--batch", defaultValue = "32", description = "Sequences per batch, and in the probe batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--train-steps", defaultValue = "0",
            description = "Training steps; 0 measures at initialisation only (default: ${DEFAULT-VALUE}).")
    int trainSteps;

    @Option(names = "--probe-every", defaultValue = "100", description = "Probe every N training steps (default: ${DEFAULT-VALUE}).")
    int probeEvery;

    @Option(names = "--lr", defaultValue = "1e-2", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Mixin
    InitOptions init = new InitOptions();

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "out/gradflow", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--blas", defaultValue = "auto", description = "Matrix products: auto, system, bundled, openblas or java (default: ${DEFAULT-VALUE}).")
    String blas;

    @Override
    public Integer call() throws Exception {
        if (trainSteps < 0) throw new IllegalArgumentException("--train-steps must be 0 or more, got " + trainSteps);
        if (probeEvery < 1) throw new IllegalArgumentException("--probe-every must be at least 1, got " + probeEvery);
        Blas matrices = RunFiles.blas(blas);
        Task task = TrainCommand.task("adding", length);
        List<CellStudy> studies = new ArrayList<>();
        for (String c : cells) studies.add(new CellStudy(new TrainingRun(task, settings(CellType.parse(c)), matrices), probeEvery, seed + 99));
        return Study.run(spec, studies, out, List.of(spec.commandLine().getParseResult().originalArgs().toArray(String[]::new)),
                trainSteps > 0, "gradflow");
    }

    private RunSettings settings(CellType cell) {
        return new RunSettings(cell, hidden, 1, Math.max(1, trainSteps), batch, learningRate, "adam", 0, 0, "constant",
                Clipping.byNorm(1), init.initialization(), Truncation.FULL, seed, Math.max(1, Math.min(100, probeEvery)), 512);
    }

    /** Trains (or not) the studies, writes their data and the report, prints the table. Shared with the demo. */
    static final class Study {
        private Study() {}

        static int run(CommandSpec spec, List<CellStudy> studies, Path out, List<String> command, boolean train,
                       String label) throws Exception {
            PrintWriter o = spec.commandLine().getOut();
            if (train) {
                List<TrainingRun> runs = studies.stream().map(s -> s.run).toList();
                List<TrainingRun.Result> results = ParallelTraining.train(runs, out, command, spec.commandLine().getErr(),
                        label, (i, rec) -> studies.get(i).afterStep(rec));
                for (int i = 0; i < studies.size(); i++) studies.get(i).result = results.get(i);
            }
            for (CellStudy s : studies) s.writeData(out.resolve(s.name()));
            Task task = studies.getFirst().run.task();
            Path report = out.resolve("report.html");
            GradflowReport.write(report, "Gradient flow through time",
                    String.format(Locale.ROOT, "%s problem, T = %d%s", task.name(), task.steps(),
                            train ? ", during " + studies.getFirst().run.settings().steps() + " training steps" : ", at initialisation"),
                    metadata(studies), studies, train);
            printTable(o, studies, train);
            o.println("report: " + report.toAbsolutePath());
            o.println("data:   " + out.resolve("<cell>") + "/ (gradflow_*.csv, summary_*.csv, lag_step_grid.csv"
                    + (train ? ", metrics.csv, run.json)" : ")"));
            return 0;
        }

        private static List<String[]> metadata(List<CellStudy> studies) {
            RunSettings s = studies.getFirst().run.settings();
            List<String[]> m = new ArrayList<>();
            m.add(new String[] {"rnnlab", Versions.rnnlab()});
            m.add(new String[] {"java", Versions.java()});
            m.add(new String[] {"blas", studies.getFirst().run.network().blas().name()});
            m.add(new String[] {"network", String.format(Locale.ROOT, "%d layer, %d hidden units, batch %d; Adam %.0e, clip norm 1",
                    s.layers(), s.hiddenSize(), s.batchSize(), s.learningRate())});
            m.add(new String[] {"initialisation", s.initialization().toString()});
            m.add(new String[] {"seed", Long.toString(s.seed())});
            return m;
        }

        private static void printTable(PrintWriter o, List<CellStudy> studies, boolean train) {
            o.printf(Locale.ROOT, "%n%-9s %10s %10s %12s %12s%n", "cell", "σmax(W)", "half-life", "horizon",
                    train ? "val. metric" : "probe loss");
            for (CellStudy s : studies) {
                CurveSummary c = s.last.norms().lastStep().hidden().summary();
                double value = train ? s.result.validationMetric() : s.last.norms().lastStep().loss();
                o.printf(Locale.ROOT, "%-9s %10.3f %10s %12s %12.4g%n", s.name(), s.last.bound().sigmaMax(),
                        c.halfLifeText(), c.horizonText(), value);
            }
            o.println();
        }
    }
}
