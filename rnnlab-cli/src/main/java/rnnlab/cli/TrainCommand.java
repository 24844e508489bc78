package rnnlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import rnnlab.nn.CellType;
import rnnlab.tasks.AddingProblem;
import rnnlab.tasks.Task;
import rnnlab.train.TrainingRun;

/** {@code rnnlab train}: trains one network on one task and writes its metrics. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a recurrent network on a task by backpropagation through time.",
                "Writes DIR/metrics.csv (one row per step) and DIR/run.json (configuration, versions, final metrics)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cell", defaultValue = "lstm", description = "rnn (tanh), rnn-relu, lstm, lstm-no-forget (the 1997 LSTM, f = 1) or gru (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--task", defaultValue = "adding", description = "The task: adding (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = {"--length", "-T"}, defaultValue = "100", description = "Sequence length T (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--out", defaultValue = "out/train", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    TrainOptions options = new TrainOptions();

    @Mixin
    BlasOption blas = new BlasOption();

    @Override
    public Integer call() throws Exception {
        var matrices = blas.create();
        Task t = task(task, length);
        TrainingRun run = new TrainingRun(t, options.settings(CellType.parse(cell)), matrices);
        var err = spec.commandLine().getErr();
        var outWriter = spec.commandLine().getOut();
        outWriter.printf(Locale.ROOT, "%s on %s, T = %d: %,d parameters, %s, blas %s%n", run.settings().cell().cliName(),
                t.name(), t.steps(), run.network().config().parameterCount(), run.settings().initialization(),
                run.network().blas().name());
        TrainingRun.Result result;
        try (RunFiles files = new RunFiles(out); Progress progress = Progress.start("train", options.steps, err, 20)) {
            result = run.run(r -> {
                files.append(r);
                progress.update(r.step(), String.format(Locale.ROOT, "loss %.4g", r.loss()));
            });
            files.finish(run, result, List.of(spec.commandLine().getParseResult().originalArgs().toArray(String[]::new)));
        }
        outWriter.printf(Locale.ROOT, "validation %s %.4g (memoryless baseline %.4g)%s after %,d steps in %.1f s%n",
                metricName(t), result.validationMetric(), t.baseline(), result.solved() ? ", solved" : "",
                result.steps(), result.seconds());
        if (result.skippedUpdates() > 0)
            outWriter.printf(Locale.ROOT, "warning: %d updates skipped (non-finite gradient)%n", result.skippedUpdates());
        outWriter.println("wrote " + out.resolve("metrics.csv") + " and " + out.resolve("run.json"));
        return 0;
    }

    static String metricName(Task t) {
        return t.lossKind() == rnnlab.nn.LossKind.MSE ? "MSE" : "accuracy";
    }

    /** The task of that name; IllegalArgumentException naming the tasks otherwise. */
    static Task task(String name, int length) {
        if (length < 2) throw new IllegalArgumentException("--length must be at least 2, got " + length);
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "adding" -> new AddingProblem(length);
            default -> throw new IllegalArgumentException("unknown task '" + name + "': use adding");
        };
    }
}
