package rnnlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import rnnlab.nn.Initialization;
import rnnlab.tasks.Task;
import rnnlab.train.Clipping;
import rnnlab.train.RunSettings;
import rnnlab.train.Truncation;

/**
 * An experiment: a grid of cells × sequence lengths × seeds on one task, every run trained with
 * the same recipe and budget, and judged by the task's own criterion.
 *
 * @param title what the report calls it
 * @param taskName the task's name, for the files
 * @param tasks the task at a given length
 * @param variants the cells
 * @param lengths sequence lengths T
 * @param seeds seeds 1..seeds per cell and length
 * @param recipe the training settings for one run
 * @param minutes a time budget per run (0 for none); steps are {@code recipe.steps()} at most
 * @param stopWhenSolved whether a run ends at the first evaluation that finds the task solved
 */
record ExperimentPlan(String title, String taskName, IntFunction<Task> tasks, List<CellVariant> variants,
                      List<Integer> lengths, int seeds, Recipe recipe, double minutes, boolean stopWhenSolved) {
    ExperimentPlan {
        if (variants.isEmpty()) throw new IllegalArgumentException("--cells must name at least one cell");
        if (lengths.isEmpty()) throw new IllegalArgumentException("--lengths must give at least one length");
        for (int t : lengths)
            if (t < 2) throw new IllegalArgumentException("every length must be at least 2, got " + t + " in --lengths");
        if (seeds < 1) throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        if (minutes < 0) throw new IllegalArgumentException("--minutes must not be negative, got " + minutes);
    }

    /**
     * How each run trains: an optimiser (Adam unless a preset says otherwise, as in
     * references.md), norm clipping, full BPTT.
     */
    record Recipe(int hidden, int layers, int steps, int batch, float learningRate, double clipNorm,
                  Initialization initialization, int evalEvery, int evalSize, double chronoScale, String schedule,
                  String optimizer) {
        Recipe(int hidden, int layers, int steps, int batch, float learningRate, double clipNorm,
               Initialization initialization, int evalEvery, int evalSize) {
            this(hidden, layers, steps, batch, learningRate, clipNorm, initialization, evalEvery, evalSize, 1, "constant", "adam");
        }

        Recipe(int hidden, int layers, int steps, int batch, float learningRate, double clipNorm,
               Initialization initialization, int evalEvery, int evalSize, double chronoScale, String schedule) {
            this(hidden, layers, steps, batch, learningRate, clipNorm, initialization, evalEvery, evalSize, chronoScale,
                    schedule, "adam");
        }

        /** The same recipe with another optimiser (sgd, nesterov, adam, adamw or rmsprop). */
        Recipe withOptimizer(String name) {
            return new Recipe(hidden, layers, steps, batch, learningRate, clipNorm, initialization, evalEvery, evalSize,
                    chronoScale, schedule, name);
        }

        /** Chrono's Tmax is {@code chronoScale}·T: T for the adding problem, 3T/2 for copy (references.md). */
        RunSettings settings(CellVariant v, int length, long seed) {
            return new RunSettings(v.cell(), hidden, layers, steps, batch, learningRate, optimizer, 0, 0, schedule,
                    clipNorm == 0 ? Clipping.none() : Clipping.byNorm(clipNorm),
                    v.initialization(initialization, (int) Math.round(chronoScale * length)), Truncation.FULL, seed,
                    evalEvery, evalSize);
        }
    }

    /** One point of the grid, with its output directory under the experiment's. */
    record Point(CellVariant variant, int length, long seed) {
        Path dir(Path root) {
            return root.resolve(variant.name()).resolve("T" + length).resolve("seed" + seed);
        }

        String label() {
            return String.format(Locale.ROOT, "%s T=%d seed %d", variant.name(), length, seed);
        }
    }

    /** Every run, shortest sequences first: early results then cover every cell. */
    List<Point> points() {
        List<Point> points = new ArrayList<>();
        for (int t : lengths)
            for (CellVariant v : variants)
                for (long s = 1; s <= seeds; s++) points.add(new Point(v, t, s));
        return points;
    }
}
