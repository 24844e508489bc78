package rnnlab.probe;

import java.util.LinkedHashMap;
import java.util.Map;
import rnnlab.nn.CellType;

/**
 * Everything {@link GradientFlowProbe#analyse} measures at one training step (issue items 1–5).
 * Arrays are indexed by lag k (see the package documentation): state arrays [T+1] (lag k =
 * state index T_b − k), step arrays [T] (lag k = step T_b − k, the step producing that state).
 * Arrays are shared, not copied: treat them as read-only.
 *
 * @param norms item 1 (and item 5 in each curve's summary)
 * @param lastStepContributions item 2 for the loss at the last step
 * @param totalContributions item 2 for the total loss; the same object as
 *     {@code lastStepContributions} when {@code norms.lastStepIsTotal()}
 * @param jacobians item 3
 * @param bound item 3's σmax(W_hh) and the Pascanu bound
 * @param cellPath item 4 (LSTM), else null
 * @param elapsedSeconds wall time the analysis took
 */
public record GradientFlowReport(GradientNorms norms, StepContributions lastStepContributions,
                                 StepContributions totalContributions, JacobianSpectra jacobians,
                                 PascanuBound bound, CellPathTerms cellPath, double elapsedSeconds) {

    public long step() { return norms.step(); }

    public CellType cell() { return norms.cell(); }

    /** T. */
    public int steps() { return norms.steps(); }

    /**
     * One row per lag k = 0..T, every per-lag quantity side by side (step arrays, which have
     * T entries, are empty at lag T; LSTM-only columns are empty for other cells):
     * <ul>
     *   <li>{@code lag}; the columns of {@link GradientNorms#table()}: {@code dh_last_mean},
     *       {@code dc_last_mean}, {@code dh_total_mean}, {@code dc_total_mean}, {@code sequences};</li>
     *   <li>{@code bound}, {@code log10_bound} ({@link PascanuBound});</li>
     *   <li>{@code jacobian_step_norm}, {@code jacobian_product_norm},
     *       {@code log10_jacobian_product_norm} ({@link JacobianSpectra});</li>
     *   <li>{@code contribution_ih_last}, {@code contribution_hh_last}, {@code share_ih_last},
     *       {@code share_hh_last}, and the same four with {@code _total}
     *       ({@link StepContributions}: norms and shares);</li>
     *   <li>{@code forget_gate_mean}, {@code forget_product}, {@code log10_forget_product},
     *       {@code term_direct}, {@code term_through_forget}, {@code term_through_input},
     *       {@code term_through_candidate}, {@code term_total} ({@link CellPathTerms}).</li>
     * </ul>
     */
    public Table table() {
        int n = steps() + 1;
        Table.Builder t = new Table.Builder();
        Table normsTable = norms.table();
        for (String c : normsTable.columns()) t.add(c, normsTable.column(c));
        t.add("bound", bound.bound()).add("log10_bound", bound.log10Bound());
        t.add("jacobian_step_norm", Table.padded(jacobians.stepNorm(), n))
                .add("jacobian_product_norm", jacobians.productNorm())
                .add("log10_jacobian_product_norm", jacobians.log10ProductNorm());
        contributions(t, "last", lastStepContributions, n);
        contributions(t, "total", totalContributions, n);
        CellPathTerms c = cellPath;
        t.add("forget_gate_mean", Table.padded(c == null ? null : c.forgetGateMean(), n))
                .add("forget_product", Table.padded(c == null ? null : c.forgetProduct(), n))
                .add("log10_forget_product", Table.padded(c == null ? null : c.log10ForgetProduct(), n))
                .add("term_direct", Table.padded(c == null ? null : c.directNorm(), n))
                .add("term_through_forget", Table.padded(c == null ? null : c.throughForgetNorm(), n))
                .add("term_through_input", Table.padded(c == null ? null : c.throughInputNorm(), n))
                .add("term_through_candidate", Table.padded(c == null ? null : c.throughCandidateNorm(), n))
                .add("term_total", Table.padded(c == null ? null : c.totalNorm(), n));
        return t.build();
    }

    /** {@link #table()} as CSV. */
    public String toCsv() {
        return table().toCsv();
    }

    /**
     * The item-5 summaries by curve name: {@code dh_last}, {@code dh_total}, and for the LSTM
     * {@code dc_last}, {@code dc_total}; then {@code jacobian_product}.
     */
    public Map<String, CurveSummary> summaries() {
        Map<String, CurveSummary> m = new LinkedHashMap<>();
        m.put("dh_last", norms.lastStep().hidden().summary());
        if (norms.lastStep().cell() != null) m.put("dc_last", norms.lastStep().cell().summary());
        m.put("dh_total", norms.total().hidden().summary());
        if (norms.total().cell() != null) m.put("dc_total", norms.total().cell().summary());
        m.put("jacobian_product", jacobians.productSummary());
        return m;
    }

    /**
     * {@link #summaries()} as CSV: {@code curve,reference,half_life,horizon,exploding,max_ratio,last_ratio,defined};
     * half_life and horizon are {@code beyond T} when never reached, exploding and defined
     * {@code true}/{@code false}.
     */
    public String summaryCsv() {
        StringBuilder sb = new StringBuilder("curve,reference,half_life,horizon,exploding,max_ratio,last_ratio,defined\n");
        summaries().forEach((name, s) -> sb.append(name).append(',').append(Table.format(s.reference())).append(',')
                .append(s.halfLifeText()).append(',').append(s.horizonText()).append(',').append(s.exploding()).append(',')
                .append(Table.format(s.maxRatio())).append(',').append(Table.format(s.lastRatio())).append(',')
                .append(s.defined()).append('\n'));
        return sb.toString();
    }

    private static void contributions(Table.Builder t, String loss, StepContributions c, int n) {
        t.add("contribution_ih_" + loss, Table.padded(c.inputNorm(), n))
                .add("contribution_hh_" + loss, Table.padded(c.recurrentNorm(), n))
                .add("share_ih_" + loss, Table.padded(c.inputShare(), n))
                .add("share_hh_" + loss, Table.padded(c.recurrentShare(), n));
    }
}
