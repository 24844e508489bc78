package rnnlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import rnnlab.probe.CurveSummary;
import rnnlab.tasks.Task;
import rnnlab.train.RunSettings;
import rnnlab.train.TrainingRun;

/** Trains (or not) the studies, writes their data and the report, prints the table: the work of demo and gradflow. */
final class StudyRun {
    private StudyRun() {}

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
        String source = studies.getFirst().source;
        m.add(new String[] {"network", source != null
                ? String.format(Locale.ROOT, "%s, %d layer(s), %d hidden units; probe batch %d", s.cell().cliName(), s.layers(),
                        s.hiddenSize(), s.batchSize())
                : String.format(Locale.ROOT, "%d layer, %d hidden units, batch %d; Adam %.0e, clip norm 1",
                        s.layers(), s.hiddenSize(), s.batchSize(), s.learningRate())});
        m.add(source == null ? new String[] {"initialisation", s.initialization().toString()} : new String[] {"weights", "loaded from " + source});
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
