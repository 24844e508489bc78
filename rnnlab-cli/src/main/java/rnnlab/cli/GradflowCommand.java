package rnnlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import rnnlab.nn.CellType;

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

    @Option(names = "--batch", defaultValue = "32", description = "Sequences per batch, and in the probe batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--train-steps", defaultValue = "0",
            description = "Training steps; 0 measures at initialisation only (default: ${DEFAULT-VALUE}).")
    int trainSteps;

    @Mixin
    StudyOptions study = new StudyOptions();

    @Mixin
    InitOptions init = new InitOptions();

    @Mixin
    BlasOption blas = new BlasOption();

    @Option(names = "--out", defaultValue = "out/gradflow", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (trainSteps < 0) throw new IllegalArgumentException("--train-steps must be 0 or more, got " + trainSteps);
        List<CellType> types = cells.stream().map(CellType::parse).toList();
        List<CellStudy> studies = study.studies(study.task(), types, trainSteps, batch, init.initialization(), blas.create());
        return StudyRun.run(spec, studies, out, List.of(spec.commandLine().getParseResult().originalArgs().toArray(String[]::new)),
                trainSteps > 0, "gradflow");
    }
}
