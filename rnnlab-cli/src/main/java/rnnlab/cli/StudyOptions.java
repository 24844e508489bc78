package rnnlab.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import rnnlab.math.Blas;
import rnnlab.nn.CellType;
import rnnlab.nn.Initialization;
import rnnlab.tasks.Task;
import rnnlab.train.Clipping;
import rnnlab.train.RunSettings;
import rnnlab.train.TrainingRun;
import rnnlab.train.Truncation;

/** The flags of a gradient-flow study on the adding problem, shared by demo and gradflow. */
final class StudyOptions {
    @Option(names = {"--length", "-T"}, defaultValue = "100", description = "Sequence length T (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--hidden", defaultValue = "64", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--lr", defaultValue = "1e-2", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--probe-every", defaultValue = "100", description = "Probe every N training steps (default: ${DEFAULT-VALUE}).")
    int probeEvery;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Checks what picocli cannot; IllegalArgumentException names the flag. */
    void check() {
        if (probeEvery < 1) throw new IllegalArgumentException("--probe-every must be at least 1, got " + probeEvery);
    }

    /** The task: the adding problem at --length. */
    Task task() {
        return TrainCommand.task("adding", length);
    }

    /**
     * One study per cell: a network trained for {@code steps} (at least one, so that a run exists
     * even when only the initialisation is measured) with Adam, clipping at norm 1, full BPTT,
     * validated on 512 sequences at least every 100 steps, and probed on its own batch.
     */
    List<CellStudy> studies(Task task, List<CellType> cells, int steps, int batch, Initialization init, Blas blas) {
        check();
        List<CellStudy> studies = new ArrayList<>();
        for (CellType cell : cells) {
            RunSettings s = new RunSettings(cell, hidden, 1, Math.max(1, steps), batch, learningRate, "adam", 0, 0,
                    "constant", Clipping.byNorm(1), init, Truncation.FULL, seed, Math.min(100, probeEvery), 512);
            studies.add(new CellStudy(new TrainingRun(task, s, blas), probeEvery, seed + 99));
        }
        return studies;
    }
}
