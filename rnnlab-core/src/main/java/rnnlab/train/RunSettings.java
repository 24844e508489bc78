package rnnlab.train;

import rnnlab.nn.CellType;
import rnnlab.nn.Initialization;

/**
 * Everything that defines a training run besides its task; with the task and the seed it fixes
 * the run's result bit for bit (on one machine, with one thread count).
 *
 * @param cell the recurrent cell
 * @param hiddenSize H
 * @param layers stacked recurrent layers
 * @param steps training steps (batches)
 * @param batchSize sequences per batch
 * @param learningRate base learning rate
 * @param optimizer sgd, nesterov, adam, adamw or rmsprop
 * @param momentum SGD/RMSprop momentum (ignored by Adam)
 * @param weightDecay L2 weight decay (decoupled for adamw)
 * @param schedule learning-rate schedule spec ({@link LearningRateSchedule#parse})
 * @param clipping gradient clipping, applied before the optimiser step
 * @param initialization how the weights start
 * @param truncation full or truncated BPTT
 * @param seed the one seed of the run (weights, data, validation data)
 * @param evalEvery evaluate on the validation set every this many steps (and at the end)
 * @param evalSize validation sequences (drawn once, from the seed)
 */
public record RunSettings(CellType cell, int hiddenSize, int layers, int steps, int batchSize,
                          float learningRate, String optimizer, double momentum, double weightDecay,
                          String schedule, Clipping clipping, Initialization initialization,
                          Truncation truncation, long seed, int evalEvery, int evalSize) {
    public RunSettings {
        require(hiddenSize >= 1, "hidden size must be at least 1, got " + hiddenSize);
        require(layers >= 1, "layers must be at least 1, got " + layers);
        require(steps >= 1, "steps must be at least 1, got " + steps);
        require(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
        require(learningRate > 0 && Float.isFinite(learningRate), "learning rate must be positive, got " + learningRate);
        require(evalEvery >= 1, "evaluation interval must be at least 1, got " + evalEvery);
        require(evalSize >= 1, "validation size must be at least 1, got " + evalSize);
        Optimizer.canonicalName(optimizer); // fails early, naming the accepted optimisers
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /** The defaults that work on long-lag tasks (references.md): Adam 1e-3, clip norm 1, forget bias 1. */
    public static RunSettings defaults(CellType cell) {
        return new RunSettings(cell, 128, 1, 2000, 32, 1e-3f, "adam", 0.0, 0.0, "constant",
                Clipping.defaults(), Initialization.defaults(), Truncation.FULL, 1, 100, 1024);
    }

    public RunSettings withSeed(long s) {
        return new RunSettings(cell, hiddenSize, layers, steps, batchSize, learningRate, optimizer, momentum, weightDecay,
                schedule, clipping, initialization, truncation, s, evalEvery, evalSize);
    }
}
