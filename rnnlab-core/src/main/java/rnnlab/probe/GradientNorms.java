package rnnlab.probe;

import rnnlab.nn.CellType;

/**
 * Issue item 1 with its item-5 summaries: per-lag gradient norms on the probe batch, for the
 * loss at the last step and for the total loss, at one training step. Cheap (one or two
 * forward and backward passes over the probe batch): the curve to record every N steps.
 *
 * @param step the training step it was measured at (as the caller numbered it)
 * @param cell the cell type
 * @param layer the layer measured (0 = the one reading the input)
 * @param steps T, the probe batch's number of steps (arrays have T+1 lags)
 * @param batch B, the number of probe sequences
 * @param lengths each sequence's length, or null when all are T
 * @param lastStepIsTotal true when the task's loss is itself at the last step only: then
 *     {@code total} is the same object as {@code lastStep}
 * @param lastStep the loss at each sequence's last step
 * @param total the task's own loss (at every step where the task has such targets)
 */
public record GradientNorms(long step, CellType cell, int layer, int steps, int batch, int[] lengths,
                            boolean lastStepIsTotal, LossGradients lastStep, LossGradients total) {

    /**
     * One row per lag k = 0..T: {@code lag}, {@code dh_last_mean}, {@code dc_last_mean},
     * {@code dh_total_mean}, {@code dc_total_mean} (dc columns NaN unless LSTM),
     * {@code sequences} (n_k).
     */
    public Table table() {
        return new Table.Builder()
                .add("lag", Table.lags(steps + 1))
                .add("dh_last_mean", lastStep.hidden().mean())
                .add("dc_last_mean", cellMean(lastStep))
                .add("dh_total_mean", total.hidden().mean())
                .add("dc_total_mean", cellMean(total))
                .add("sequences", lastStep.hidden().sequencesAtLag())
                .build();
    }

    /**
     * One row per sequence and lag: {@code sequence}, {@code lag}, {@code dh_last},
     * {@code dc_last}, {@code dh_total}, {@code dc_total}; sequence-major.
     */
    public Table sequenceTable() {
        int lags = steps + 1, rows = batch * lags;
        double[] seq = new double[rows], lag = new double[rows], dhL = new double[rows], dcL = new double[rows],
                dhT = new double[rows], dcT = new double[rows];
        for (int b = 0; b < batch; b++)
            for (int k = 0; k < lags; k++) {
                int r = b * lags + k;
                seq[r] = b;
                lag[r] = k;
                dhL[r] = lastStep.hidden().perSequence()[b][k];
                dcL[r] = lastStep.cell() == null ? Double.NaN : lastStep.cell().perSequence()[b][k];
                dhT[r] = total.hidden().perSequence()[b][k];
                dcT[r] = total.cell() == null ? Double.NaN : total.cell().perSequence()[b][k];
            }
        return new Table.Builder().add("sequence", seq).add("lag", lag).add("dh_last", dhL).add("dc_last", dcL)
                .add("dh_total", dhT).add("dc_total", dcT).build();
    }

    /** {@link #table()} as CSV. */
    public String toCsv() {
        return table().toCsv();
    }

    private double[] cellMean(LossGradients g) {
        return g.cell() == null ? Table.padded(null, steps + 1) : g.cell().mean();
    }
}
