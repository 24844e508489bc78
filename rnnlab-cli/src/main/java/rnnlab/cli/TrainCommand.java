package rnnlab.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import rnnlab.nn.CellType;
import rnnlab.tasks.CharLanguageModel;
import rnnlab.tasks.Task;
import rnnlab.model.CheckpointStore;
import rnnlab.model.ModelFile;
import rnnlab.train.DivergedException;
import rnnlab.train.TrainingRun;

/** {@code rnnlab train}: trains one network on one task and writes its metrics. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a recurrent network on a task by backpropagation through time.",
                "Writes DIR/metrics.csv (one row per step), DIR/run.json (configuration, versions, final metrics),",
                "DIR/model.safetensors (the trained network) and DIR/checkpoints/ (resume with --resume DIR)."},
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

    @Mixin
    CheckpointOptions checkpoints = new CheckpointOptions();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut(), stderr = spec.commandLine().getErr();
        if (checkpoints.resume != null) return resume(stdout, stderr);
        return train(spec.commandLine().getParseResult().originalArgs(), null, stdout, stderr);
    }

    /** Continues the run in --resume DIR with the command line it was started with. */
    private Integer resume(PrintWriter stdout, PrintWriter stderr) throws Exception {
        List<String> others = spec.commandLine().getParseResult().matchedOptions().stream()
                .map(o -> o.longestName()).filter(n -> !n.equals("--resume") && !n.equals("--blas") && !n.equals("--threads")).toList();
        if (!others.isEmpty())
            throw new IllegalArgumentException("--resume continues a run with the settings it was started with: give no flag "
                    + "but --blas or --threads beside it (got " + String.join(", ", others) + ")");
        Path dir = checkpoints.resume;
        CheckpointStore.Saved saved = new CheckpointStore(dir.resolve("checkpoints"), 1).latest().orElseThrow(() ->
                new Main.UsageException("no readable checkpoint in " + dir.resolve("checkpoints")
                        + ": give the --out directory of a run that saved one, or start the run again without --resume"));
        List<String> args = JSON.readValue(saved.metadata().getOrDefault(COMMAND_KEY, "[]"), new TypeReference<List<String>>() {});
        TrainCommand original = new TrainCommand();
        List<String> flags = !args.isEmpty() && args.getFirst().equals("train") ? args.subList(1, args.size()) : args;
        new CommandLine(original).parseArgs(flags.toArray(String[]::new));
        original.out = dir;
        original.blas = blas;
        if (options.threads != null) original.options.threads = options.threads;
        stdout.printf(Locale.ROOT, "resuming %s from step %,d (%s)%n", dir, saved.checkpoint().step(), saved.file().getFileName());
        return original.train(args, saved, stdout, stderr);
    }

    /** The metadata key of the command line a checkpoint's run was started with (JSON list). */
    static final String COMMAND_KEY = "command";

    private Integer train(List<String> args, CheckpointStore.Saved from, PrintWriter stdout, PrintWriter stderr) throws Exception {
        var matrices = blas.create();
        Task t = task.task();
        TrainingRun run = new TrainingRun(t, options.settings(CellType.parse(cell)), matrices)
                .nonFiniteLimit(checkpoints.nonFiniteLimit());
        run.network().threads(options.threads()).lowMemory(options.lowMemory);
        CheckpointStore store = checkpoints.store(out);
        if (from != null) run.resume(from.checkpoint());
        stdout.printf(Locale.ROOT, "%s on %s, sequences of up to %d steps: %,d parameters, %s, blas %s, %d thread%s%n",
                run.settings().cell().cliName(), t.name(), t.steps(), run.network().config().parameterCount(),
                run.settings().initialization(), run.network().blas().name(), run.network().threads(),
                run.network().threads() == 1 ? "" : "s");
        if (t instanceof CharLanguageModel text)
            stdout.printf(Locale.ROOT, "text %s: %,d characters for training, %,d held out, %,d distinct%n",
                    text.source(), text.trainingLength(), text.heldOutLength(), text.vocabularySize());
        TaskOptions.dataLine(t).ifPresent(stdout::println);
        Map<String, String> meta = Map.of(COMMAND_KEY, JSON.writeValueAsString(args));
        TrainingRun.Result result;
        try (RunFiles files = new RunFiles(out, from == null ? List.of() : from.checkpoint().history());
             Progress progress = Progress.start("train", options.steps, stderr, 20)) {
            result = run.run(r -> {
                files.append(r);
                progress.update(r.step(), String.format(Locale.ROOT, "loss %.4g", r.loss()));
                if (checkpoints.every > 0 && r.step() % checkpoints.every == 0 && r.step() < options.steps)
                    save(store, run, meta);
            });
            save(store, run, meta);
            Path model = out.resolve("model.safetensors");
            if (t instanceof CharLanguageModel text) ModelFile.save(model, run.network(), text.vocabulary()); // for `sample`
            else ModelFile.save(model, run.network());
            files.finish(run, result, args);
        } catch (DivergedException e) {
            Path last = store.files().stream().findFirst().orElse(null);
            throw new Main.RunFailure(e.getMessage() + (last == null ? "" : "; the last good checkpoint is " + last));
        }
        stdout.printf(Locale.ROOT, "validation %s %.4g (memoryless baseline %.4g) after %,d steps in %.1f s%n",
                t.metricName(), result.validationMetric(), t.baseline(), result.steps(), result.seconds());
        TaskOptions.testLine(t, result.verdict()).ifPresent(stdout::println);
        stdout.println("verdict: " + result.verdict().summary());
        if (result.skippedUpdates() > 0)
            stdout.printf(Locale.ROOT, "warning: %d updates skipped (non-finite loss or gradient)%n", result.skippedUpdates());
        stdout.println("wrote " + out.resolve("metrics.csv") + ", run.json, model.safetensors and checkpoints/");
        return 0;
    }

    private static void save(CheckpointStore store, TrainingRun run, Map<String, String> meta) {
        try {
            store.save(run.checkpoint(), run.network().config(), meta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
