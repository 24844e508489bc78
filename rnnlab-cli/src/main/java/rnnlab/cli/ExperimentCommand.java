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

/**
 * {@code rnnlab experiment}: a published result reproduced by name ({@code --preset}), or a grid of
 * cells × lengths × seeds ({@code experiment vanishing}).
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Reproduce a published long-dependency result (--preset NAME; --list-presets shows them),",
                "or run a grid of cells × sequence lengths × seeds: 'rnnlab experiment vanishing --help'.",
                "Writes DIR/results.csv (one row per run, kept current), DIR/report.html, and per run its metrics."},
        subcommands = VanishingCommand.class)
final class ExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--preset", description = "The experiment to run: one of the names --list-presets shows.")
    String preset;

    @Option(names = "--list-presets", description = "List the presets, with what each reproduces, and exit.")
    boolean list;

    @Mixin
    Options options = new Options();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (list || preset == null) {
            if (preset == null && !list) out.println("Give --preset NAME, or use 'rnnlab experiment vanishing'. Presets:");
            for (Preset p : Preset.ALL)
                out.printf(Locale.ROOT, "  %-20s %s%n", p.name(), p.summary());
            return list ? 0 : Main.USAGE;
        }
        Preset p = Preset.named(preset);
        Path dir = options.out != null ? options.out : Path.of("out", "experiment", p.name());
        return run(spec, p.plan(), dir, options, p.claim());
    }

    /** The flags every experiment has: where it writes, whether it resumes, how many runs at once. */
    static final class Options {
        @Option(names = "--out", description = "Output directory (default: out/experiment/<name>).")
        Path out;

        @Option(names = "--resume", description = "Continue an interrupted experiment in --out: finished runs are read back, not redone.")
        boolean resume;

        @Option(names = "--jobs", description = "Runs trained at once, each on one core (default: the number of cores).")
        Integer jobs;

        @Mixin
        BlasOption blas = new BlasOption();

        int jobs() {
            int cores = Runtime.getRuntime().availableProcessors();
            if (jobs != null && jobs < 1) throw new IllegalArgumentException("--jobs must be at least 1, got " + jobs);
            return jobs == null ? cores : jobs;
        }
    }

    /** Runs the plan into {@code dir}, writes the report, prints the verdict table. */
    static int run(CommandSpec spec, ExperimentPlan plan, Path dir, Options options, String claim) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Blas blas = options.blas.create();
        int jobs = options.jobs();
        out.printf(Locale.ROOT, "%s: %d runs (%s), up to %,d steps%s each, %d at a time; blas %s%n", plan.title(),
                plan.points().size(), String.join(", ", plan.variants().stream().map(CellVariant::name).toList()),
                plan.recipe().steps(), plan.minutes() > 0 ? String.format(Locale.ROOT, " or %.3g min", plan.minutes()) : "",
                jobs, blas.name());
        List<String> command = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        command.addFirst("experiment");
        List<ExperimentRunner.Outcome> outcomes = new ExperimentRunner(plan, dir, blas, command)
                .run(options.resume, jobs, out, spec.commandLine().getErr());
        Path report = dir.resolve("report.html");
        ExperimentReport.write(report, plan, outcomes, List.of(new String[] {"rnnlab", Versions.rnnlab()},
                new String[] {"java", Versions.java()}, new String[] {"blas", blas.name()},
                new String[] {"recipe", describe(plan.recipe())}), claim);
        printTable(out, plan, outcomes);
        out.println("results: " + dir.resolve("results.csv").toAbsolutePath());
        out.println("report:  " + report.toAbsolutePath());
        return 0;
    }

    static String describe(ExperimentPlan.Recipe r) {
        return String.format(Locale.ROOT, "%d layer%s × %d units, batch %d, %s %.0e (%s), clip norm %s, %s, validated on %d every %d steps",
                r.layers(), r.layers() == 1 ? "" : "s", r.hidden(), r.batch(), optimizerName(r.optimizer()),
                r.learningRate(), r.schedule(),
                r.clipNorm() == 0 ? "off" : String.valueOf(r.clipNorm()), r.initialization(), r.evalSize(), r.evalEvery());
    }

    private static String optimizerName(String name) {
        return switch (name) {
            case "adam" -> "Adam";
            case "adamw" -> "AdamW";
            case "rmsprop" -> "RMSprop";
            case "sgd" -> "SGD";
            default -> name;
        };
    }

    private static void printTable(PrintWriter out, ExperimentPlan plan, List<ExperimentRunner.Outcome> outcomes) {
        out.printf(Locale.ROOT, "%n%-16s", "solved (of " + plan.seeds() + ")");
        for (int t : plan.lengths()) out.printf(Locale.ROOT, " %7s", "T=" + t);
        out.println();
        for (CellVariant v : plan.variants()) {
            out.printf(Locale.ROOT, "%-16s", v.name());
            for (int t : plan.lengths())
                out.printf(Locale.ROOT, " %7d", outcomes.stream().filter(o -> o.point().variant().equals(v)
                        && o.point().length() == t && o.solved()).count());
            out.println();
        }
        out.println();
    }
}
