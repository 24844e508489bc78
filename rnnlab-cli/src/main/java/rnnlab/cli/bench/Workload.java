package rnnlab.cli.bench;

import java.util.random.RandomGenerator;
import rnnlab.math.Blas;
import rnnlab.math.Rng;
import rnnlab.nn.CellType;
import rnnlab.nn.Initialization;
import rnnlab.nn.LossAt;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;
import rnnlab.train.Clipping;
import rnnlab.train.LearningRateSchedule;
import rnnlab.train.Optimizer;
import rnnlab.train.Trainer;
import rnnlab.train.Truncation;

/**
 * What one row of the benchmark runs: a one-layer network of the cell and shape, initialised as
 * {@code rnnlab train} does, trained by the library's {@link Trainer} (full BPTT, Adam at 1e-3,
 * no clipping) on one fixed batch of random inputs in [0, 1) with a random class target at every
 * step (softmax cross-entropy over O classes, at every step). The batch is drawn once, so that
 * drawing data is not timed.
 */
final class Workload {
    static final long SEED = 1;

    final RecurrentNetwork network;
    final Trainer trainer;
    final SequenceBatch training;
    final SequenceBatch inference;

    private Workload(RecurrentNetwork network, SequenceBatch training) {
        this.network = network;
        this.trainer = new Trainer(network, Optimizer.create("adam"), LearningRateSchedule.constant(1e-3f),
                Clipping.none(), Truncation.FULL);
        this.training = training;
        this.inference = new SequenceBatch(training.steps(), training.batch(), training.inputSize(), training.x(), null, null);
    }

    static Workload of(CellType cell, BenchConfig config, Blas blas, int threads, boolean lowMemory) {
        return new Workload(network(cell, config, blas, threads, lowMemory), batch(config, Rng.create(SEED + 1)));
    }

    /** A fresh network of the row's cell and shape on {@code threads} threads, initialised from {@link #SEED}. */
    static RecurrentNetwork network(CellType cell, BenchConfig c, Blas blas, int threads, boolean lowMemory) {
        NetworkConfig config = new NetworkConfig(cell, c.inputs(), c.hidden(), 1, c.outputs());
        RecurrentNetwork net = new RecurrentNetwork(config, blas, threads).lowMemory(lowMemory);
        Initialization.defaults().apply(config, net.parameters(), Rng.create(SEED));
        return net;
    }

    /** B sequences of T steps: inputs uniform in [0, 1), a uniformly drawn class at every step. */
    static SequenceBatch batch(BenchConfig c, RandomGenerator rng) {
        float[] x = new float[Math.toIntExact((long) c.steps() * c.batch() * c.inputs())];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextFloat();
        int[] classes = new int[Math.toIntExact(c.timeSteps())];
        for (int i = 0; i < classes.length; i++) classes[i] = rng.nextInt(c.outputs());
        return new SequenceBatch(c.steps(), c.batch(), c.inputs(), x, null, Targets.classes(LossAt.EVERY, classes, c.outputs()));
    }

    /** One training step: zero the gradients, forward, head and loss at every step, backward, Adam. */
    void trainStep() {
        trainer.step(training);
    }

    /** One inference pass: forward and the head at every step, no loss. */
    void inferencePass() {
        network.forward(inference);
    }
}
