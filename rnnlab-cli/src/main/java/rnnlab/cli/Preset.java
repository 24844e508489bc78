package rnnlab.cli;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import rnnlab.nn.Initialization;

/**
 * A named experiment that reproduces a published result: its grid, recipe and budget are fixed,
 * and its report opens with what the paper reports beside what rnnlab measured.
 *
 * @param name the name {@code --preset} takes
 * @param summary one line for {@code --list-presets}
 * @param claim what the literature reports (references.md), shown in the report
 * @param plans the plan
 */
record Preset(String name, String summary, String claim, Supplier<ExperimentPlan> plans) {
    static final List<Preset> ALL = List.of(
            new Preset("adding-400", "adding problem at T = 100, 200, 400: tanh RNN against LSTM (forget bias 1)",
                    "Hochreiter & Schmidhuber (1997) and later work: a tanh RNN trained by BPTT stays at the memoryless "
                            + "baseline (MSE 0.167) once T ≥ 100, while an LSTM learns the task; Hu et al. (2018) report "
                            + "the LSTM failing at T = 400. Solved: validation MSE ≤ 1e-3.",
                    () -> new ExperimentPlan("Adding problem up to T = 400", "adding", t -> TrainCommand.task("adding", t),
                            List.of(CellVariant.parse("rnn"), CellVariant.parse("lstm")), List.of(100, 200, 400), 1,
                            new ExperimentPlan.Recipe(128, 1, 6000, 32, 1e-3f, 1, Initialization.defaults(), 100, 512),
                            25, true)));

    ExperimentPlan plan() {
        return plans.get();
    }

    /** The preset of that name; IllegalArgumentException listing the names otherwise. */
    static Preset named(String name) {
        for (Preset p : ALL) if (p.name.equals(name.trim().toLowerCase(Locale.ROOT))) return p;
        throw new IllegalArgumentException("unknown preset '" + name + "': use one of "
                + String.join(", ", ALL.stream().map(Preset::name).toList()) + " (--list-presets describes them)");
    }
}
