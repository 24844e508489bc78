package rnnlab.cli;

import rnnlab.io.AtomicFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rnnlab.nn.Evaluation;
import rnnlab.train.RunSettings;
import rnnlab.train.TrainingRun;

/**
 * A run's files in its output directory: {@code metrics.csv}, one row per step, and
 * {@code run.json}, the configuration, versions and final metrics.
 *
 * <p>Rows go to {@code metrics.csv.partial} as they come, so an interrupted run keeps what it
 * did; the finished file is renamed into place, and run.json is written atomically.
 */
final class RunFiles implements AutoCloseable {
    static final String HEADER = String.join(",", TrainingRun.StepRecord.COLUMNS);
    private final Path dir;
    private final Path partial;
    private final BufferedWriter csv;

    RunFiles(Path dir) {
        this(dir, List.of());
    }

    /** Files whose metrics start with {@code history}: the rows a resumed run already has. */
    RunFiles(Path dir, List<TrainingRun.StepRecord> history) {
        this.dir = dir;
        this.partial = dir.resolve("metrics.csv.partial");
        try {
            Files.createDirectories(dir);
            this.csv = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
            csv.write(HEADER);
            csv.newLine();
            for (TrainingRun.StepRecord r : history) append(r);
        } catch (IOException e) {
            throw new Main.UsageException("cannot write to output directory " + dir + ": " + e.getMessage()
                    + "; choose another with --out");
        }
    }

    void append(TrainingRun.StepRecord r) {
        try {
            csv.write(String.format(Locale.ROOT, "%d,%.8g,%.8g,%.6g,%.6g,%.6g,%d,%s,%.3f", r.step(), r.loss(), r.metric(),
                    r.learningRate(), r.gradNormBefore(), r.gradNormAfter(), r.skippedUpdates(),
                    Double.isNaN(r.validation()) ? "" : String.format(Locale.ROOT, "%.8g", r.validation()),
                    r.elapsedSeconds()));
            csv.newLine();
            if (r.step() % 50 == 0) csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes metrics.csv into place and writes run.json. */
    void finish(TrainingRun run, TrainingRun.Result result, List<String> command) throws IOException {
        close();
        Files.move(partial, dir.resolve("metrics.csv"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(dir.resolve("run.json"), json.writeValueAsString(describe(run, result, command)) + "\n");
    }

    static Map<String, Object> describe(TrainingRun run, TrainingRun.Result result, List<String> command) {
        RunSettings s = run.settings();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("versions", Map.of("rnnlab", Versions.rnnlab(), "java", Versions.java(), "blas", run.network().blas().name()));
        m.put("task", Map.of("name", run.task().name(), "steps", run.task().steps(),
                "baseline", run.task().baseline(), "loss", run.task().lossKind().toString(),
                "metric", run.task().metricName(), "higher_is_better", run.task().higherIsBetter()));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("cell", s.cell().cliName());
        settings.put("hidden", s.hiddenSize());
        settings.put("layers", s.layers());
        settings.put("parameters", run.network().config().parameterCount());
        settings.put("steps", s.steps());
        settings.put("batch", s.batchSize());
        settings.put("learning_rate", s.learningRate());
        settings.put("optimizer", s.optimizer());
        settings.put("momentum", s.momentum());
        settings.put("weight_decay", s.weightDecay());
        settings.put("schedule", s.schedule());
        settings.put("clipping", s.clipping().spec());
        settings.put("initialization", s.initialization().toString());
        settings.put("truncation", s.truncation().toString());
        settings.put("seed", s.seed());
        settings.put("eval_every", s.evalEvery());
        settings.put("eval_size", s.evalSize());
        m.put("settings", settings);
        Evaluation v = result.validation();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("validation_metric", result.validationMetric());
        r.put("validation_loss", v.loss());
        r.put("solved", result.solved());
        r.put("verdict", Map.of("criterion", result.verdict().criterion(), "judged", result.verdict().judged(),
                "correct", result.verdict().correct()));
        r.put("steps", result.steps());
        r.put("sequences_seen", (long) result.steps() * s.batchSize());
        r.put("skipped_updates", result.skippedUpdates());
        r.put("seconds", result.seconds());
        r.put("stop", result.stop().name().toLowerCase(Locale.ROOT));
        m.put("result", r);
        return m;
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
