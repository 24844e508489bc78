package rnnlab.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import rnnlab.model.CheckpointStore;
import rnnlab.train.TrainingRun;

/** How {@code train} saves its state, resumes it, and reacts to a diverging run. */
final class CheckpointOptions {
    @Option(names = "--checkpoint-every", defaultValue = "500",
            description = "Save a checkpoint (weights, optimiser, data generator, metrics) every N steps and at the end; 0: only at the end (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--keep-checkpoints", defaultValue = "3", description = "Checkpoints kept, the newest (default: ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the interrupted run in DIR from its newest readable checkpoint, with the settings it was started with.")
    Path resume;

    @Option(names = "--max-non-finite", defaultValue = "" + TrainingRun.DEFAULT_NON_FINITE_LIMIT,
            description = "Stop after this many steps in a row with a non-finite loss or gradient (each is skipped, not applied) (default: ${DEFAULT-VALUE}).")
    int maxNonFinite;

    @Option(names = "--stop-on-non-finite", description = "Stop at the first non-finite loss or gradient (the same as --max-non-finite 1).")
    boolean stopOnNonFinite;

    /** The limit of non-finite steps in a row; IllegalArgumentException names a bad value. */
    int nonFiniteLimit() {
        if (maxNonFinite < 1) throw new IllegalArgumentException("--max-non-finite must be at least 1, got " + maxNonFinite);
        return stopOnNonFinite ? 1 : maxNonFinite;
    }

    /** The store in {@code out}/checkpoints; IllegalArgumentException names a bad value. */
    CheckpointStore store(Path out) {
        if (every < 0) throw new IllegalArgumentException("--checkpoint-every must be 0 (only at the end) or positive, got " + every);
        if (keep < 1) throw new IllegalArgumentException("--keep-checkpoints must be at least 1, got " + keep);
        return new CheckpointStore(out.resolve("checkpoints"), keep);
    }
}
