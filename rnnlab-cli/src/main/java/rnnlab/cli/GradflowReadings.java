package rnnlab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import rnnlab.probe.CellPathTerms;
import rnnlab.probe.CurveSummary;
import rnnlab.probe.GradientFlowReport;

/**
 * The measured half of each chart's reading: one sentence with this run's numbers, so that the
 * reader sees what the general explanation means here ("the RNN's gradient from 100 steps back is
 * 10^-14 of its value at the loss; the LSTM's 10^-1").
 */
final class GradflowReadings {
    private GradflowReadings() {}

    /** The per-lag curves: how much of the gradient survives the whole sequence, per cell. */
    static String perLag(List<CellStudy> studies) {
        List<String> parts = new ArrayList<>();
        for (CellStudy s : studies) {
            CurveSummary c = s.last.norms().lastStep().hidden().summary();
            parts.add(s.name() + " " + survival(c.lastRatio()) + " (horizon " + horizon(c) + ")");
        }
        return "Measured here, the gradient from " + studies.getFirst().last.steps() + " steps back relative to lag 0: "
                + String.join("; ", parts) + ".";
    }

    /** The Jacobian products at the longest lag. */
    static String jacobians(List<CellStudy> studies) {
        List<String> parts = new ArrayList<>();
        for (CellStudy s : studies) {
            double[] log10 = s.last.jacobians().log10ProductNorm();
            parts.add(s.name() + " " + power(log10[log10.length - 1]));
        }
        return "Measured here, ‖∂h_T/∂h_0‖: " + String.join("; ", parts) + ".";
    }

    /** The LSTM's terms averaged over the steps. */
    static String fourTerms(GradientFlowReport r) {
        CellPathTerms t = r.cellPath();
        return String.format(Locale.ROOT, "Measured here, averaged over the steps: direct %.3g, through f_t %.2g, "
                        + "through i_t %.2g, through g_t %.2g.", mean(t.directNorm()), mean(t.throughForgetNorm()),
                mean(t.throughInputNorm()), mean(t.throughCandidateNorm()));
    }

    /** The forget gates over the whole sequence. */
    static String forgetProduct(GradientFlowReport r) {
        CellPathTerms t = r.cellPath();
        double[] log10 = t.log10ForgetProduct();
        return String.format(Locale.ROOT, "Measured here: mean forget gate %.3f; along all %d steps their product is %s.",
                mean(t.forgetGateMean()), log10.length - 1, power(log10[log10.length - 1]));
    }

    /** How training moved the horizon of each cell. */
    static String overTraining(CellStudy s) {
        CurveSummary before = s.initial.norms().lastStep().hidden().summary();
        CurveSummary after = s.last.norms().lastStep().hidden().summary();
        return "Measured here: horizon " + horizon(before) + " at initialisation, " + horizon(after)
                + " after training; the gradient from the far end, relative to lag 0: " + survival(before.lastRatio())
                + " before, " + survival(after.lastRatio()) + " after.";
    }

    /** The final validation metric of each cell against the baseline. */
    static String learning(List<CellStudy> studies) {
        List<String> parts = new ArrayList<>();
        for (CellStudy s : studies)
            parts.add(String.format(Locale.ROOT, "%s %.3g%s", s.name(), s.result.validationMetric(), s.result.solved() ? " (solved)" : ""));
        return String.format(Locale.ROOT, "Measured here, final validation %s: %s; the baseline is %.3g.",
                studies.getFirst().run.task().metricName(), String.join(", ", parts),
                studies.getFirst().run.task().baseline());
    }

    private static String horizon(CurveSummary c) {
        return c.horizon() >= 0 ? c.horizon() + " steps" : c.horizonText();
    }

    /** A ratio to lag 0 in words: "10^-12.0", "exactly 0 (flushed: it vanished)", "0.83". */
    static String survival(double ratio) {
        if (Double.isNaN(ratio)) return "undefined";
        if (ratio == 0) return "exactly 0 (flushed: it vanished)";
        return ratio >= 0.01 && ratio < 100 ? String.format(Locale.ROOT, "%.2g", ratio) : power(Math.log10(ratio));
    }

    /** 10^x as text, e.g. "10^-14.2"; values near 1 plainly. */
    static String power(double log10) {
        if (Double.isNaN(log10)) return "undefined";
        if (log10 == Double.NEGATIVE_INFINITY) return "0";
        if (Math.abs(log10) < 2) return String.format(Locale.ROOT, "%.2g", Math.pow(10, log10));
        return String.format(Locale.ROOT, "10^%.1f", log10);
    }

    private static double mean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) if (Double.isFinite(v)) { sum += v; n++; }
        return n == 0 ? Double.NaN : sum / n;
    }
}
