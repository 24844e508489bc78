package rnnlab.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import rnnlab.nn.CellType;
import rnnlab.nn.Initialization;
import rnnlab.train.Clipping;
import rnnlab.train.RunSettings;
import rnnlab.train.Truncation;

/** The options that define a training run, shared by the commands that train. */
final class TrainOptions {
    @Mixin
    InitOptions init = new InitOptions();

    @Option(names = "--hidden", defaultValue = "128", description = "Hidden units per layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", defaultValue = "1", description = "Stacked recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--steps", defaultValue = "2000", description = "Training steps, one batch each (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "32", description = "Sequences per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--optimizer", defaultValue = "adam",
            description = "sgd, nesterov, adam, adamw or rmsprop (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--momentum", defaultValue = "0", description = "Momentum for sgd, nesterov and rmsprop (default: ${DEFAULT-VALUE}; nesterov needs > 0).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay; decoupled for adamw (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--schedule", defaultValue = "constant",
            description = "Learning-rate schedule: constant, step:EVERY:GAMMA, cosine, cosine:MIN, each optionally followed by ,warmup:STEPS (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--clip-norm", defaultValue = "1",
            description = "Clip the gradient's global L2 norm to this before each update; 0 turns clipping off (default: ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--clip-value", description = "Clip each gradient element to [-V, V] instead of clipping the norm.")
    Float clipValue;

    @Option(names = "--truncate", defaultValue = "full",
            description = "full BPTT, or truncated BPTT: K (chunks of K steps) or K1,K2 (update every K1 steps, back-propagate K2) (default: ${DEFAULT-VALUE}).")
    String truncate;

    @Option(names = "--seed", defaultValue = "1", description = "The run's one seed: weights, data, validation data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--eval-every", defaultValue = "100", description = "Evaluate on the validation set every N steps (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-size", defaultValue = "1024", description = "Validation sequences (default: ${DEFAULT-VALUE}).")
    int evalSize;

    @Option(names = "--threads", paramLabel = "N",
            description = {"Threads for one training step: the batch is split into up to N shards of at least 8 sequences, each "
                    + "running the whole time loop on its own thread (with W_hh of 2 MiB or more the shards step together, each "
                    + "forming part of every step's product) (default: 1; a second thread pays only where a core is free, see the README's Performance). "
                    + "The sequences' recurrences are independent, so N changes no result unless the BLAS rounds a row of a "
                    + "product differently with the number of rows (the Java products never do; OpenBLAS does for a few shapes, "
                    + "in the last bit)."})
    Integer threads;

    @Option(names = "--low-memory",
            description = {"Keep the per-step gradients (dL/dh, dL/dc, the pre-activation gradients) of 16 steps at a time "
                    + "instead of all T, and form the weight gradients chunk by chunk: activation memory within 1.5x of what "
                    + "BPTT must keep (about 2-3x by default), results rounded differently in the last bits."})
    boolean lowMemory;

    /** --threads, checked, or the library's default (1). */
    int threads() {
        if (threads != null && threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        return threads == null ? rnnlab.nn.RecurrentNetwork.defaultThreads() : threads;
    }

    /** The settings for one cell, checked; IllegalArgumentException names a bad value. */
    RunSettings settings(CellType cell) {
        if (clipValue != null && clipNorm != 1 && clipNorm != 0)
            throw new IllegalArgumentException("give --clip-norm or --clip-value, not both");
        if (clipNorm < 0) throw new IllegalArgumentException("--clip-norm must be 0 (off) or positive, got " + clipNorm);
        Clipping clipping = clipValue != null ? Clipping.byValue(clipValue)
                : clipNorm == 0 ? Clipping.none() : Clipping.byNorm(clipNorm);
        Initialization initialization = init.initialization();
        return new RunSettings(cell, hidden, layers, steps, batch, learningRate, optimizer, momentum, weightDecay,
                schedule, clipping, initialization, Truncation.parse(truncate), seed, evalEvery, evalSize);
    }
}
