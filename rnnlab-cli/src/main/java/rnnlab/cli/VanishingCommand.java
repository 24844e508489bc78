package rnnlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rnnlab experiment vanishing}: the seeds' claim as a grid. Each cell learns the task at
 * each length from several seeds with one recipe and budget; the report shows where each cell
 * stops solving it, and the gradient flow that explains why.
 */
@Command(name = "vanishing", mixinStandardHelpOptions = true,
        description = {"A grid of cells × sequence lengths × seeds on a long-dependency task, each run judged solved or not.",
                "Writes DIR/results.csv, DIR/report.html (solved against T per cell, learning curves, gradient flow),",
                "and per run DIR/<cell>/T<length>/seed<s>/ (metrics.csv, gradflow.csv, run.json)."})
final class VanishingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--task", defaultValue = "adding", description = "The task (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--cells", split = ",", defaultValue = "rnn,lstm,gru,lstm-chrono",
            description = "Cells: rnn, rnn-relu, lstm, lstm-chrono, lstm-no-forget, gru (default: ${DEFAULT-VALUE}).")
    List<String> cells;

    @Option(names = "--lengths", split = ",", defaultValue = "10,25,50,100,200,400",
            description = "Sequence lengths T (default: ${DEFAULT-VALUE}).")
    List<Integer> lengths;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds per cell and length (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--steps", defaultValue = "3000", description = "Step budget per run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--minutes", defaultValue = "0", description = "Time budget per run in minutes, besides --steps; 0 for none (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--hidden", defaultValue = "64", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--batch", defaultValue = "32", description = "Sequences per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-2", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--clip-norm", defaultValue = "1", description = "Clip the gradient's norm to this; 0 for off (default: ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--eval-every", defaultValue = "100", description = "Validate (and judge solved) every N steps (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-size", defaultValue = "512", description = "Validation sequences (default: ${DEFAULT-VALUE}).")
    int evalSize;

    @Option(names = "--full-budget", description = "Train every run for its whole budget instead of stopping when it is solved.")
    boolean fullBudget;

    @Mixin
    InitOptions init = new InitOptions();

    @Mixin
    ExperimentCommand.Options options = new ExperimentCommand.Options();

    @Override
    public Integer call() throws Exception {
        TaskOptions.create(task, 2); // an unknown task fails here, before any run starts
        ExperimentPlan plan = new ExperimentPlan("Vanishing gradients: " + task, task, t -> TaskOptions.create(task, t),
                cells.stream().map(CellVariant::parse).distinct().toList(), lengths.stream().distinct().sorted().toList(), seeds,
                new ExperimentPlan.Recipe(hidden, 1, steps, batch, learningRate, clipNorm, init.initialization(), evalEvery, evalSize),
                minutes, !fullBudget);
        Path dir = options.out != null ? options.out : Path.of("out", "experiment", "vanishing-" + task);
        return ExperimentCommand.run(spec, plan, dir, options, null);
    }
}
