package rnnlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import rnnlab.cli.bench.Stats;
import rnnlab.report.ChartRow;
import rnnlab.report.LineChart;
import rnnlab.report.Report;
import rnnlab.report.Series;
import rnnlab.report.Table;

/**
 * An experiment's report: which cells solve the task at which length, how far from the baseline
 * each ends, their learning curves and how far back their gradient reaches after training.
 */
final class ExperimentReport {
    private ExperimentReport() {}

    static void write(Path file, ExperimentPlan plan, List<ExperimentRunner.Outcome> outcomes, List<String[]> metadata,
                      String claim) throws IOException {
        Report r = Report.titled(plan.title()).subtitle(String.format(Locale.ROOT, "%s task; %d runs: %s × T in %s × %d seed%s",
                plan.taskName(), outcomes.size(), names(plan), plan.lengths(), plan.seeds(), plan.seeds() == 1 ? "" : "s"));
        for (String[] kv : metadata) r = r.metadata(kv[0], kv[1]);
        if (claim != null) r = r.section("What the literature reports", claim, verdicts(plan, outcomes));
        else if (plan.lengths().size() == 1) r = r.section("Results", "Each cell's runs at T = " + plan.lengths().getFirst()
                + ".", verdicts(plan, outcomes));
        if (plan.lengths().size() > 1) { // against T: one point per cell would say nothing the table does not
            r = r.section("Solved against sequence length", SOLVED_TEXT, solvedRow(plan, outcomes));
            r = r.section("Final error against sequence length", FINAL_TEXT, finalChart(plan, outcomes));
        }
        r = r.section("Learning curves", LEARNING_TEXT, perLength(plan, outcomes, false));
        r = r.section("Gradient flow after training", GRADFLOW_TEXT, perLength(plan, outcomes, true));
        r = r.section("Every run", "One row per run; the same as results.csv.", runTable(outcomes));
        r.writeTo(file);
    }

    static final String SOLVED_TEXT = "For each cell, the fraction of seeds that solved the task (by the task's own "
            + "criterion, on held-out sequences) at each length T. Where a cell's line drops to 0, the dependency has "
            + "become too long for it to learn within the budget.";
    static final String FINAL_TEXT = "The median validation metric at the end of each cell's runs, against T (log "
            + "scale). The dashed line is the memoryless baseline: a cell on it has learnt nothing about the long "
            + "dependency.";
    static final String LEARNING_TEXT = "Validation metric during training, seed 1, one chart per length. A cell whose "
            + "curve stays on the dashed baseline never picks up the signal from far back.";
    static final String GRADFLOW_TEXT = "‖∂L/∂h_{T−k}‖ of the loss at the last step against the lag k, on a fixed probe "
            + "batch after training (seed 1, log scale). A line that falls by many orders of magnitude means the early "
            + "inputs get no learning signal: the vanishing gradient that keeps the plain RNN at the baseline.";

    private static String names(ExperimentPlan plan) {
        return String.join(", ", plan.variants().stream().map(CellVariant::name).toList());
    }

    private static List<ExperimentRunner.Outcome> of(List<ExperimentRunner.Outcome> all, CellVariant v, int length) {
        return all.stream().filter(o -> o.point().variant().equals(v) && o.point().length() == length).toList();
    }

    private static ChartRow solvedRow(ExperimentPlan plan, List<ExperimentRunner.Outcome> outcomes) {
        double[] x = plan.lengths().stream().mapToDouble(Integer::doubleValue).toArray();
        List<LineChart> charts = new ArrayList<>();
        for (CellVariant v : plan.variants()) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++)
                y[i] = of(outcomes, v, plan.lengths().get(i)).stream().filter(ExperimentRunner.Outcome::solved).count()
                        / (double) plan.seeds();
            charts.add(LineChart.titled(v.name()).axes("sequence length T", "fraction solved").with(Series.of("solved", x, y)));
        }
        return new ChartRow(charts, true);
    }

    private static LineChart finalChart(ExperimentPlan plan, List<ExperimentRunner.Outcome> outcomes) {
        double[] x = plan.lengths().stream().mapToDouble(Integer::doubleValue).toArray();
        LineChart c = LineChart.titled("median final metric").axes("sequence length T", "validation metric").logY();
        for (CellVariant v : plan.variants()) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++)
                y[i] = median(of(outcomes, v, plan.lengths().get(i)).stream().mapToDouble(ExperimentRunner.Outcome::metric).toArray());
            c = c.with(Series.of(v.name(), x, y));
        }
        double[] baseline = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            List<ExperimentRunner.Outcome> at = of(outcomes, plan.variants().getFirst(), plan.lengths().get(i));
            baseline[i] = at.isEmpty() ? Double.NaN : at.getFirst().baseline();
        }
        return c.with(Series.of("memoryless baseline", x, baseline).asDashed());
    }

    /** One chart per length: learning curves, or the per-lag gradient after training. */
    private static ChartRow perLength(ExperimentPlan plan, List<ExperimentRunner.Outcome> outcomes, boolean gradient) {
        List<LineChart> charts = new ArrayList<>();
        for (int length : plan.lengths()) {
            LineChart c = LineChart.titled("T = " + length).logY().axes(gradient ? "lag k" : "training step",
                    gradient ? "‖∂L/∂h_{T−k}‖" : "validation metric");
            double baseline = Double.NaN, lastStep = 1;
            for (CellVariant v : plan.variants()) {
                ExperimentRunner.Outcome o = of(outcomes, v, length).stream().filter(x -> x.point().seed() == 1).findFirst().orElse(null);
                if (o == null) continue;
                baseline = o.baseline();
                if (gradient) {
                    c = c.with(Series.of(v.name(), GradflowReport.lags(o.lagsAfter().length), o.lagsAfter()));
                } else if (!o.curve().isEmpty()) {
                    c = c.with(Series.of(v.name(), o.curve().stream().mapToDouble(p -> p[0]).toArray(),
                            o.curve().stream().mapToDouble(p -> p[1]).toArray()));
                    lastStep = Math.max(lastStep, o.curve().getLast()[0]);
                }
            }
            if (!gradient && !Double.isNaN(baseline))
                c = c.with(Series.of("baseline", new double[] {0, lastStep}, new double[] {baseline, baseline}).asDashed());
            charts.add(c);
        }
        return new ChartRow(charts, gradient);
    }

    private static Table verdicts(ExperimentPlan plan, List<ExperimentRunner.Outcome> outcomes) {
        Table t = Table.of("cell", "T", "solved", "median metric", "median sequences seen", "median seconds");
        for (int length : plan.lengths())
            for (CellVariant v : plan.variants()) {
                List<ExperimentRunner.Outcome> at = of(outcomes, v, length);
                if (at.isEmpty()) continue;
                t = t.row(v.name(), Integer.toString(length),
                        at.stream().filter(ExperimentRunner.Outcome::solved).count() + " of " + at.size(),
                        String.format(Locale.ROOT, "%.4g", median(at.stream().mapToDouble(ExperimentRunner.Outcome::metric).toArray())),
                        String.format(Locale.ROOT, "%,.0f", median(at.stream().mapToDouble(ExperimentRunner.Outcome::sequences).toArray())),
                        String.format(Locale.ROOT, "%.0f", median(at.stream().mapToDouble(ExperimentRunner.Outcome::seconds).toArray())));
            }
        return t;
    }

    private static Table runTable(List<ExperimentRunner.Outcome> outcomes) {
        Table t = Table.of(ExperimentRunner.RESULTS_HEADER.split(","));
        for (ExperimentRunner.Outcome o : outcomes) t = t.row(o.csvRow().split(","));
        return t;
    }

    static double median(double[] values) {
        return values.length == 0 ? Double.NaN : Stats.of(values).median();
    }
}
