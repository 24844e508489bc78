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
import rnnlab.tasks.CharLanguageModel;
import rnnlab.tasks.Task;
import rnnlab.train.TrainingRun;

/** {@code rnnlab train}: trains one network on one task and writes its metrics. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a recurrent network on a task by backpropagation through time.",
                "Writes DIR/metrics.csv (one row per step) and DIR/run.json (configuration, versions, final metrics)."},
        footer = TaskOptions.HELP)
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cell", defaultValue = "lstm", description = "rnn (tanh), rnn-relu, lstm, lstm-no-forget (the 1997 LSTM, f = 1) or gru (default: ${DEFAULT-VALUE}).")
    String cell;

    @Mixin
    TaskOptions task = new TaskOptions();

    @Option(names = "--out", defaultValue = "out/train", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    TrainOptions options = new TrainOptions();

    @Mixin
    BlasOption blas = new BlasOption();

    @Override
    public Integer call() throws Exception {
        var matrices = blas.create();
        Task t = task.task();
        TrainingRun run = new TrainingRun(t, options.settings(CellType.parse(cell)), matrices);
        var err = spec.commandLine().getErr();
        var outWriter = spec.commandLine().getOut();
        outWriter.printf(Locale.ROOT, "%s on %s, sequences of up to %d steps: %,d parameters, %s, blas %s%n",
                run.settings().cell().cliName(), t.name(), t.steps(), run.network().config().parameterCount(),
                run.settings().initialization(), run.network().blas().name());
        if (t instanceof CharLanguageModel text)
            outWriter.printf(Locale.ROOT, "text %s: %,d characters for training, %,d held out, %,d distinct%n",
                    text.source(), text.trainingLength(), text.heldOutLength(), text.vocabularySize());
        TaskOptions.dataLine(t).ifPresent(outWriter::println);
        TrainingRun.Result result;
        try (RunFiles files = new RunFiles(out); Progress progress = Progress.start("train", options.steps, err, 20)) {
            result = run.run(r -> {
                files.append(r);
                progress.update(r.step(), String.format(Locale.ROOT, "loss %.4g", r.loss()));
            });
            files.finish(run, result, List.of(spec.commandLine().getParseResult().originalArgs().toArray(String[]::new)));
        }
        outWriter.printf(Locale.ROOT, "validation %s %.4g (memoryless baseline %.4g) after %,d steps in %.1f s%n",
                t.metricName(), result.validationMetric(), t.baseline(), result.steps(), result.seconds());
        TaskOptions.testLine(t, result.verdict()).ifPresent(outWriter::println);
        outWriter.println("verdict: " + result.verdict().summary());
        if (result.skippedUpdates() > 0)
            outWriter.printf(Locale.ROOT, "warning: %d updates skipped (non-finite gradient)%n", result.skippedUpdates());
        outWriter.println("wrote " + out.resolve("metrics.csv") + " and " + out.resolve("run.json"));
        return 0;
    }

    /** The task's metric name ({@link Task#metricName()}), for the reports that print it. */
    static String metricName(Task t) {
        return t.metricName();
    }

    /** The task of that name at length T, other settings default; IllegalArgumentException naming the tasks otherwise. */
    static Task task(String name, int length) {
        return TaskOptions.create(name, length);
    }
}
