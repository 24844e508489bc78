package rnnlab.cli;

import rnnlab.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import rnnlab.math.Rng;
import rnnlab.nn.SequenceBatch;
import rnnlab.probe.GradientFlowProbe;
import rnnlab.probe.GradientFlowReport;
import rnnlab.probe.LagStepGrid;
import rnnlab.train.TrainingRun;

/**
 * One cell's gradient-flow study: its training run, a probe on a fixed probe batch, the
 * per-lag curve every N steps (kept in a bounded lag × step grid), the full analysis at
 * initialisation and at the end, and the validation curve. The probe works on its own copy of
 * the weights, so the training is the same as without it.
 */
final class CellStudy {
    final TrainingRun run;
    final GradientFlowProbe probe;
    final LagStepGrid grid;
    final int probeEvery;
    final String source; // the model file the weights were loaded from, or null: initialised by the run
    final List<double[]> validation = new ArrayList<>(); // {step, metric}
    GradientFlowReport initial;
    GradientFlowReport last;
    TrainingRun.Result result;

    CellStudy(TrainingRun run, int probeEvery, long probeSeed, String source) {
        this.run = run;
        this.probeEvery = probeEvery;
        this.source = source;
        SequenceBatch probeBatch = run.task().sample(run.settings().batchSize(), Rng.create(probeSeed));
        this.probe = GradientFlowProbe.of(run.network(), probeBatch);
        this.grid = LagStepGrid.forSteps(run.task().steps());
        this.initial = probe.analyse(run.network(), 0);
        grid.add(0, curve(initial));
        this.last = initial;
    }

    /** The per-lag curve the grid and the charts show: ‖∂L/∂h_k‖ for the loss at the last step. */
    static double[] curve(GradientFlowReport r) {
        return r.norms().lastStep().hidden().mean();
    }

    /** After each training step: the validation point, and the probe every N steps and at the end. */
    void afterStep(TrainingRun.StepRecord rec) {
        if (!Double.isNaN(rec.validation())) validation.add(new double[] {rec.step(), rec.validation()});
        boolean end = rec.step() == run.settings().steps();
        if (rec.step() % probeEvery == 0 || end) {
            if (end) {
                last = probe.analyse(run.network(), rec.step());
                grid.add(rec.step(), curve(last));
            } else {
                grid.add(rec.step(), probe.gradientNorms(run.network(), rec.step()).lastStep().hidden().mean());
            }
        }
    }

    String name() {
        return run.settings().cell().cliName();
    }

    /** gradflow_init.csv, gradflow_final.csv, summary CSVs and the lag × step grid, in {@code dir}. */
    void writeData(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve("gradflow_init.csv"), initial.toCsv());
        AtomicFiles.write(dir.resolve("summary_init.csv"), initial.summaryCsv());
        if (last != initial) {
            AtomicFiles.write(dir.resolve("gradflow_final.csv"), last.toCsv());
            AtomicFiles.write(dir.resolve("summary_final.csv"), last.summaryCsv());
        }
        AtomicFiles.write(dir.resolve("lag_step_grid.csv"), grid.snapshot().toCsv());
    }
}
