package rnnlab.probe;

import java.util.List;
import java.util.random.RandomGenerator;
import rnnlab.math.Blas;
import rnnlab.math.Rng;
import rnnlab.nn.CellType;
import rnnlab.nn.Initialization;
import rnnlab.nn.LossAt;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.Parameter;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;
import rnnlab.nn.Targets;

/**
 * What a probe costs against a training step, on adding-problem-shaped data (two inputs, a
 * value and a marker; target the sum of the two marked values, at the last step). A program,
 * not a test: run it by hand, e.g.
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp rnnlab-core/target/classes:rnnlab-core/target/test-classes:$OPENBLAS_JAR \
 *        rnnlab.probe.ProbeCostMain lstm 128 32 100
 * </pre>
 * A training step here is zeroGrad, forward, backward and a plain SGD update (an optimiser
 * such as Adam adds well under a millisecond at this size).
 */
final class ProbeCostMain {
    private ProbeCostMain() {}

    public static void main(String[] args) {
        CellType cell = CellType.parse(args.length > 0 ? args[0] : "lstm");
        int hidden = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int trainSteps = args.length > 4 ? Integer.parseInt(args[4]) : 300;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        NetworkConfig config = new NetworkConfig(cell, 2, hidden, 1, 1);
        System.out.printf("%s H=%d B=%d T=%d, probe batch %d, blas %s%n", cell.cliName(), hidden, batch, steps, batch, Blas.get().name());
        SequenceBatch probeBatch = adding(steps, batch, Rng.create(99));

        // One call of each, median of several, on a network trained for 50 steps.
        RecurrentNetwork net = network(config);
        RandomGenerator data = Rng.create(5);
        for (int i = 0; i < 50; i++) trainStep(net, adding(steps, batch, data));
        GradientFlowProbe probe = GradientFlowProbe.of(net, probeBatch);
        GradientFlowProbe probeOne = GradientFlowProbe.of(net, probeBatch, ProbeSettings.defaults().withJacobianSequences(1));
        double step = median(15, () -> trainStep(net, adding(steps, batch, data)));
        double norms = median(15, () -> probe.gradientNorms(net, 0));
        double analyse = median(7, () -> probe.analyse(net, 0));
        double analyseOne = median(7, () -> probeOne.analyse(net, 0));
        GradientFlowReport r = probe.analyse(net, 0);
        System.out.printf("median of each: training step %.1f ms; gradientNorms %.1f ms (%.2f steps); analyse %.0f ms (%.1f steps; "
                        + "%d power iterations, %d at the cap); analyse with 1 Jacobian sequence %.0f ms (%.1f steps)%n",
                step * 1e3, norms * 1e3, norms / step, analyse * 1e3, analyse / step, r.jacobians().powerIterations(),
                r.jacobians().unconverged(), analyseOne * 1e3, analyseOne / step);

        // Throughput: rounds of the three runs, in rotating order; medians.
        double[][] t = new double[3][rounds];
        for (int round = 0; round < rounds; round++)
            for (int i = 0; i < 3; i++) {
                int which = (i + round) % 3;
                t[which][round] = train(config, trainSteps, steps, batch, which == 0 ? null : probeBatch, 100, which == 2);
            }
        for (int i = 0; i < 3; i++) System.out.println("  rounds, " + new String[] {"no probes", "gradientNorms", "analyse"}[i] + ": " + java.util.Arrays.toString(t[i]));
        double plain = median(t[0]), light = median(t[1]), full = median(t[2]);
        System.out.printf("%d training steps, median of %d rounds: %.2f s without probes; gradientNorms every 100 steps %.2f s (%+.1f %%); "
                        + "analyse every 100 steps %.2f s (%+.1f %%)%n",
                trainSteps, rounds, plain, light, 100 * (light / plain - 1), full, 100 * (full / plain - 1));
        System.out.print(r.summaryCsv());
    }

    private static double median(int n, Runnable task) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            task.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        return median(t);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Seconds for {@code count} training steps, probing every {@code every} steps when a probe batch is given. */
    private static double train(NetworkConfig config, int count, int steps, int batch, SequenceBatch probeBatch, int every, boolean full) {
        RecurrentNetwork net = network(config);
        GradientFlowProbe probe = probeBatch == null ? null : GradientFlowProbe.of(net, probeBatch);
        LagStepGrid grid = LagStepGrid.forSteps(steps);
        RandomGenerator data = Rng.create(5);
        long t0 = System.nanoTime();
        for (int s = 1; s <= count; s++) {
            trainStep(net, adding(steps, batch, data));
            if (probe != null && s % every == 0) {
                if (full) grid.add(s, probe.analyse(net, s).norms().lastStep().hidden().mean());
                else grid.add(s, probe.gradientNorms(net, s).lastStep().hidden().mean());
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static RecurrentNetwork network(NetworkConfig config) {
        RecurrentNetwork net = new RecurrentNetwork(config);
        Initialization.defaults().apply(config, net.parameters(), Rng.create(1));
        return net;
    }

    private static void trainStep(RecurrentNetwork net, SequenceBatch batch) {
        net.zeroGrad();
        net.forward(batch);
        net.backward();
        List<Parameter> params = net.parameters();
        double norm = 0;
        for (Parameter p : params) for (float g : p.grad()) norm += (double) g * g;
        float scale = (float) (0.01 / Math.max(1, Math.sqrt(norm))); // SGD, gradient clipped at norm 1
        for (Parameter p : params) {
            float[] w = p.value(), g = p.grad();
            for (int i = 0; i < w.length; i++) w[i] -= scale * g[i];
        }
    }

    private static SequenceBatch adding(int steps, int batch, RandomGenerator rng) {
        float[] x = new float[steps * batch * 2];
        float[] y = new float[batch];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) x[(t * batch + b) * 2] = rng.nextFloat();
            int first = rng.nextInt(steps / 2), second = steps / 2 + rng.nextInt(steps - steps / 2);
            x[(first * batch + b) * 2 + 1] = 1;
            x[(second * batch + b) * 2 + 1] = 1;
            y[b] = x[(first * batch + b) * 2] + x[(second * batch + b) * 2];
        }
        return new SequenceBatch(steps, batch, 2, x, null, Targets.values(LossAt.LAST, y, 1));
    }
}
