package rnnlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import rnnlab.probe.CellPathTerms;
import rnnlab.probe.CurveSummary;
import rnnlab.probe.LagStepGrid;
import rnnlab.report.ChartRow;
import rnnlab.report.Heatmap;
import rnnlab.report.LineChart;
import rnnlab.report.Report;
import rnnlab.report.Series;
import rnnlab.report.Table;

/**
 * The gradient-flow report: the probes' measurements of each cell as charts, each with a short
 * reading of what it shows, in one self-contained HTML page.
 */
final class GradflowReport {
    private GradflowReport() {}

    static void write(Path file, String title, String subtitle, List<String[]> metadata, List<CellStudy> studies,
                      boolean trained) throws IOException {
        Report r = Report.titled(title).subtitle(subtitle);
        for (String[] kv : metadata) r = r.metadata(kv[0], kv[1]);
        r = r.section("How far back does the gradient reach?", PER_LAG_TEXT + " " + GradflowReadings.perLag(studies),
                perLagRow(studies, trained));
        r = r.section("The product of the step Jacobians", JACOBIAN_TEXT + " " + GradflowReadings.jacobians(studies),
                jacobianRow(studies, trained));
        for (CellStudy s : studies) {
            if (s.last.cellPath() != null) {
                r = r.section("Inside the " + s.name() + ": the four terms of dc_t/dc_{t-1}",
                        FOUR_TERMS_TEXT + " " + GradflowReadings.fourTerms(s.last), fourTerms(s));
                r = r.section("The forget-gate product along each lag: " + s.name(),
                        FORGET_TEXT + " " + GradflowReadings.forgetProduct(s.last), forgetProduct(s));
            }
        }
        if (trained) {
            for (CellStudy s : studies)
                r = r.section("The gradient over training: " + s.name(),
                        HEATMAP_TEXT + " " + GradflowReadings.overTraining(s), heatmap(s));
            r = r.section("Learning curves", LEARNING_TEXT + " " + GradflowReadings.learning(studies), learningCurves(studies));
        }
        r = r.section("Summary", SUMMARY_TEXT, summaryTable(studies, trained));
        r.writeTo(file);
    }

    static final String PER_LAG_TEXT = "Each chart shows the size of the gradient of the loss at the last step "
            + "with respect to the hidden state k steps earlier, ‖∂L/∂h_{T−k}‖, averaged over the probe batch "
            + "(log scale). Where the line falls by orders of magnitude, the early inputs receive no learning "
            + "signal: the vanishing gradient. The dashed line is the Pascanu et al. (2013) bound "
            + "(σmax(W)·γ)^k for the tanh RNN, which the measured curve must stay under.";
    static final String JACOBIAN_TEXT = "The spectral norm of ∂h_T/∂h_{T−k} (for the LSTM, of the joint (h, c) "
            + "state), the product of k step Jacobians, computed in double precision. For the RNN each factor "
            + "is diag(1 − s²)·W, so the product shrinks geometrically when σmax(W) < 1.";
    static final String FOUR_TERMS_TEXT = "dc_t/dc_{t−1} is a sum of four terms (theory.md section 2): the direct "
            + "path diag(f_t), with no weight matrix and no squashing derivative, and three indirect paths "
            + "through the forget gate, the input gate and the candidate. The direct term dominates: the "
            + "cell state passes the gradient back multiplied by the forget gate alone.";
    static final String FORGET_TEXT = "The product of the forget gates along each lag, Π f_t: the factor by which "
            + "the cell path carries the gradient back k steps. Forget gates near 1 keep it near 1; where it "
            + "falls, even the LSTM forgets (the limit of seed 002).";
    static final String HEATMAP_TEXT = "One row per probe during training, one column per lag: ‖∂L/∂h_{T−k}‖ "
            + "(log colour). Read across a row for how far the gradient reaches at that point of training, "
            + "and down a column for how that changes as the network learns. Blank cells are exact zeros: the "
            + "gradient fell below float32's smallest normal number (about 1e-38) and was flushed to zero: it "
            + "vanished entirely.";
    static final String LEARNING_TEXT = "Validation error during training. The dashed line is the memoryless "
            + "baseline, what a network that ignores the inputs achieves.";
    static final String SUMMARY_TEXT = "σmax of the recurrent weight matrix; half-life: the lag at which the "
            + "per-lag gradient first falls to half its value at lag 0; horizon: the lag at which it falls "
            + "below 1e-3 of it.";

    private static ChartRow perLagRow(List<CellStudy> studies, boolean trained) {
        List<LineChart> charts = new ArrayList<>();
        for (CellStudy s : studies) {
            double[] lags = lags(s.last.steps() + 1);
            LineChart c = LineChart.titled(s.name()).axes("lag k (steps back from the loss)", "‖∂L/∂h‖").logY();
            if (trained) c = c.with(Series.of("at initialisation", lags, CellStudy.curve(s.initial)));
            c = c.with(Series.of(trained ? "after training" : "measured", lags, CellStudy.curve(s.last)));
            if (s.last.cellPath() != null)
                c = c.with(Series.of("‖∂L/∂c‖", lags, s.last.norms().lastStep().cell().mean()));
            if (s.last.bound().proven())
                c = c.with(Series.of(String.format(Locale.ROOT, "bound, σmax = %.2f", s.last.bound().sigmaMax()),
                        lags, withinRange(s.last.bound().bound(), CellStudy.curve(s.initial), CellStudy.curve(s.last))).asDashed());
            charts.add(c);
        }
        return ChartRow.of(charts.toArray(LineChart[]::new)).sharedY();
    }

    private static ChartRow jacobianRow(List<CellStudy> studies, boolean trained) {
        List<LineChart> charts = new ArrayList<>();
        for (CellStudy s : studies) {
            double[] lags = lags(s.last.steps() + 1);
            LineChart c = LineChart.titled(s.name()).axes("lag k", "‖∂h_T/∂h_{T−k}‖₂").logY();
            if (trained) c = c.with(Series.of("at initialisation", lags, pow10(s.initial.jacobians().log10ProductNorm())));
            c = c.with(Series.of(trained ? "after training" : "measured", lags, pow10(s.last.jacobians().log10ProductNorm())));
            charts.add(c);
        }
        return ChartRow.of(charts.toArray(LineChart[]::new)).sharedY();
    }

    private static LineChart fourTerms(CellStudy s) {
        CellPathTerms t = s.last.cellPath();
        double[] lags = lags(t.directNorm().length);
        return LineChart.titled(s.name() + ": ‖term‖₂ per step").axes("lag k", "spectral norm").logY().with(
                Series.of("direct: diag(f_t)", lags, t.directNorm()),
                Series.of("through f_t", lags, t.throughForgetNorm()),
                Series.of("through i_t", lags, t.throughInputNorm()),
                Series.of("through g_t (C~)", lags, t.throughCandidateNorm()),
                Series.of("total dc_t/dc_{t−1}", lags, t.totalNorm()).asDashed());
    }

    private static LineChart forgetProduct(CellStudy s) {
        CellPathTerms t = s.last.cellPath();
        return LineChart.titled(s.name() + ": Π f along the lag").axes("lag k", "product of forget gates").logY().with(
                Series.of("Π f_t (geometric mean over units)", lags(t.log10ForgetProduct().length), pow10(t.log10ForgetProduct())),
                Series.of("mean forget gate at lag k", lags(t.forgetGateMean().length), t.forgetGateMean()).asDashed());
    }

    private static Heatmap heatmap(CellStudy s) {
        LagStepGrid.Snapshot g = s.grid.snapshot();
        double[] lagAxis = new double[g.bins()];
        for (int i = 0; i < lagAxis.length; i++) lagAxis[i] = g.binStart()[i];
        double[] stepAxis = new double[g.columns()];
        double[][] z = new double[g.columns()][g.bins()]; // the grid is [bin][column]; a heatmap row is one step
        for (int c = 0; c < g.columns(); c++) {
            stepAxis[c] = g.steps()[c];
            for (int b = 0; b < g.bins(); b++) z[c][b] = g.values()[b][c];
        }
        return Heatmap.of(s.name() + ": ‖∂L/∂h‖ by lag and training step", lagAxis, stepAxis, z)
                .axes("lag k", "training step").colourLabel("‖∂L/∂h‖").logColour();
    }

    private static LineChart learningCurves(List<CellStudy> studies) {
        LineChart c = LineChart.titled("validation " + studies.getFirst().run.task().metricName())
                .axes("training step", studies.getFirst().run.task().metricName());
        double lastStep = 1;
        for (CellStudy s : studies) {
            double[] x = s.validation.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = s.validation.stream().mapToDouble(p -> p[1]).toArray();
            c = c.with(Series.of(s.name(), x, y));
            lastStep = Math.max(lastStep, s.run.settings().steps());
        }
        double baseline = studies.getFirst().run.task().baseline();
        return c.with(Series.of("memoryless baseline", new double[] {0, lastStep}, new double[] {baseline, baseline}).asDashed());
    }

    private static Table summaryTable(List<CellStudy> studies, boolean trained) {
        Table t = trained
                ? Table.of("cell", "σmax(W_hh)", "half-life", "horizon", "val. metric", "solved")
                : Table.of("cell", "σmax(W_hh)", "half-life", "horizon", "probe loss");
        for (CellStudy s : studies) {
            CurveSummary c = s.last.norms().lastStep().hidden().summary();
            String sigma = String.format(Locale.ROOT, "%.3f", s.last.bound().sigmaMax());
            t = trained
                    ? t.row(s.name(), sigma, c.halfLifeText(), c.horizonText(),
                            String.format(Locale.ROOT, "%.4g", s.result.validationMetric()), s.result.solved() ? "yes" : "no")
                    : t.row(s.name(), sigma, c.halfLifeText(), c.horizonText(),
                            String.format(Locale.ROOT, "%.4g", s.last.norms().lastStep().loss()));
        }
        return t;
    }

    /**
     * The bound, cut (NaN) where it rises more than 1e3 above every measured value: past σmax ≈ 1
     * it grows without limit and would squeeze the measured curves into a sliver of the chart.
     */
    private static double[] withinRange(double[] bound, double[]... measured) {
        double max = 0;
        for (double[] m : measured) for (double v : m) if (Double.isFinite(v)) max = Math.max(max, v);
        double[] cut = bound.clone();
        for (int i = 0; i < cut.length; i++) if (cut[i] > 1e3 * max) cut[i] = Double.NaN;
        return cut;
    }

    static double[] lags(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i;
        return x;
    }

    private static double[] pow10(double[] log10) {
        double[] v = new double[log10.length];
        for (int i = 0; i < v.length; i++) v[i] = Math.pow(10, log10[i]);
        return v;
    }
}
