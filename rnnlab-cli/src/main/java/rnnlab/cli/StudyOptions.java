package rnnlab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import rnnlab.math.Blas;
import rnnlab.nn.CellType;
import rnnlab.nn.Initialization;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.Parameter;
import rnnlab.nn.RecurrentNetwork;
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
        return TaskOptions.create("adding", length);
    }

    /**
     * One study per cell: a network trained for {@code steps} (at least one, so that a run exists
     * even when only the initialisation is measured) with Adam, clipping at norm 1, full BPTT,
     * validated on 512 sequences at least every 100 steps, and probed on its own batch.
     */
    List<CellStudy> studies(Task task, List<CellType> cells, int steps, int batch, Initialization init, Blas blas) {
        check();
        List<CellStudy> studies = new ArrayList<>();
        for (CellType cell : cells)
            studies.add(new CellStudy(new TrainingRun(task, settings(cell, hidden, 1, steps, batch, init), blas), probeEvery, seed + 99, null));
        return studies;
    }

    /**
     * A study of a loaded network at its weights, on {@code task}: the same run and probe as
     * {@link #studies}, the run's freshly initialised weights replaced by the model's.
     *
     * @param source where the weights came from, for the report
     * @throws IllegalArgumentException if the network's input or output size is not the task's
     */
    CellStudy loadedStudy(Task task, RecurrentNetwork network, String source, int batch, Blas blas) {
        check();
        NetworkConfig c = network.config();
        if (c.inputSize() != task.inputSize() || c.outputSize() != task.outputSize())
            throw new IllegalArgumentException("the model " + source + " has " + c.inputSize() + " inputs and " + c.outputSize() + " outputs; gradflow's "
                    + task.name() + " task needs a network of " + task.inputSize() + " inputs and " + task.outputSize() + " output");
        RunSettings s = settings(c.cell(), c.hiddenSize(), c.layers(), 1, batch, Initialization.defaults());
        TrainingRun run = new TrainingRun(task, s, blas);
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) weights.put(p.name(), p.value());
        run.network().loadWeights(weights);
        return new CellStudy(run, probeEvery, seed + 99, source);
    }

    /** Adam, clipping at norm 1, full BPTT, validated on 512 sequences at least every 100 steps. */
    private RunSettings settings(CellType cell, int hiddenSize, int layers, int steps, int batch, Initialization init) {
        return new RunSettings(cell, hiddenSize, layers, Math.max(1, steps), batch, learningRate, "adam", 0, 0,
                "constant", Clipping.byNorm(1), init, Truncation.FULL, seed, Math.min(100, probeEvery), 512);
    }
}
