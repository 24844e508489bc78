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

    @Option(names = "--model", paramLabel = "FILE",
            description = "Probe this network (rnnlab's model file or a PyTorch state dict with a readout; 2 inputs, 1 output) "
                    + "at its weights, instead of freshly initialised ones.")
    Path model;

    @Option(names = "--rnn-relu", description = "A bare PyTorch nn.RNN given as --model was built with nonlinearity='relu'.")
    boolean rnnRelu;

    /** Flags that describe the networks gradflow builds or trains, which a loaded model fixes. */
    private static final List<String> BUILD_FLAGS = List.of("--cells", "--train-steps", "--hidden", "--init", "--forget-bias",
            "--chrono", "--recurrent-scale", "--lr", "--probe-every");

    @Override
    public Integer call() throws Exception {
        if (trainSteps < 0) throw new IllegalArgumentException("--train-steps must be 0 or more, got " + trainSteps);
        List<String> command = List.of(spec.commandLine().getParseResult().originalArgs().toArray(String[]::new));
        if (model != null) return probeModel(command);
        List<CellType> types = cells.stream().map(CellType::parse).toList();
        List<CellStudy> studies = study.studies(study.task(), types, trainSteps, batch, init.initialization(), blas.create());
        return StudyRun.run(spec, studies, out, command, trainSteps > 0, "gradflow");
    }

    /** gradflow --model: the loaded network at its weights, on the adding problem at --length; no training. */
    private int probeModel(List<String> command) throws Exception {
        for (String flag : BUILD_FLAGS)
            if (spec.commandLine().getParseResult().hasMatchedOption(flag))
                throw new IllegalArgumentException(flag + " does not apply with --model, which probes the loaded network as it is; "
                        + "leave out " + flag);
        var blasImpl = blas.create();
        var loaded = CliFiles.loadModel("--model", model, rnnRelu, blasImpl);
        if (!loaded.hasReadout())
            throw new IllegalArgumentException("--model " + model + " has no readout, so it has no loss to probe; "
                    + "give a model with a readout of 1 output (for PyTorch, save the module holding the nn.Linear too)");
        CellStudy s = study.loadedStudy(study.task(), loaded.network(), model.toString(), batch, blasImpl);
        return StudyRun.run(spec, List.of(s), out, command, false, "gradflow");
    }
}
