package rnnlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import rnnlab.math.Blas;
import rnnlab.math.Rng;
import rnnlab.train.Clipping;
import rnnlab.train.LearningRateSchedule;
import rnnlab.train.Optimizer;
import rnnlab.train.Trainer;
import rnnlab.train.Truncation;

/**
 * Every float a few training steps produce, folded into one 64-bit digest per case: the losses,
 * the weights and gradients, the outputs, and every array of every layer's trace. Built only on
 * the public API, so that the same code run on an older engine gives the digests to compare
 * with (see {@link ThreadsOneBitIdenticalTest}).
 */
final class EngineDigest {
    private EngineDigest() {}

    /** The cases: every cell, 1 and 2 layers, full and variable lengths, full and truncated BPTT. */
    static List<String> cases() {
        List<String> all = new ArrayList<>();
        for (CellType cell : CellType.values())
            for (int layers = 1; layers <= 2; layers++)
                for (String variant : new String[] {"full", "mixed", "truncated", "last"})
                    all.add(cell.cliName() + "/" + layers + "/" + variant);
        return all;
    }

    /**
     * Prints whether the Vector API runs ("vectors true" or "vectors false"), then "case digest" per
     * line for the cases named (all if none), on one thread with the Java products and the
     * per-step products by gemm: what {@link ThreadsOneBitIdenticalTest} runs in a JVM without the
     * Vector API's module.
     */
    public static void main(String[] args) {
        java.util.List<String> names = args.length > 0 ? java.util.List.of(args) : cases();
        rnnlab.math.JavaBlas blas = new rnnlab.math.JavaBlas();
        System.out.println("vectors " + rnnlab.math.FixedProducts.vectorAvailable());
        for (String name : names) {
            long d = digest(name, blas, c -> new RecurrentNetwork(c, blas, 1).products(rnnlab.math.FixedProducts.GEMM));
            System.out.println(name + " " + Long.toHexString(d));
        }
    }

    /** The digest of one case, on a network built by {@code factory}. */
    static long digest(String name, Blas blas, java.util.function.Function<NetworkConfig, RecurrentNetwork> factory) {
        return digest(name, blas, factory, 12, 19, 4);
    }

    /** The digest of one case with another shape: T steps, B sequences, O outputs. */
    static long digest(String name, Blas blas, java.util.function.Function<NetworkConfig, RecurrentNetwork> factory,
                       int steps, int batch, int outputs) {
        return digest(name, blas, factory, steps, batch, outputs, 16);
    }

    /** The digest of one case with another shape: T steps, B sequences, O outputs, H hidden units. */
    static long digest(String name, Blas blas, java.util.function.Function<NetworkConfig, RecurrentNetwork> factory,
                       int steps, int batch, int outputs, int hidden) {
        String[] p = name.split("/");
        CellType cell = CellType.parse(p[0]);
        int layers = Integer.parseInt(p[1]);
        String variant = p[2];
        int inputs = 3;
        NetworkConfig config = new NetworkConfig(cell, inputs, hidden, layers, outputs);
        RecurrentNetwork net = factory.apply(config);
        Initialization.defaults().apply(config, net.parameters(), Rng.create(7));
        Random rng = new Random(11);
        float[] x = new float[steps * batch * inputs];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        int[] lengths = null;
        if (variant.equals("mixed")) {
            lengths = new int[batch];
            for (int b = 0; b < batch; b++) lengths[b] = b % 5 == 0 ? steps : rng.nextInt(steps + 1);
        }
        LossAt at = variant.equals("last") ? LossAt.LAST : LossAt.EVERY;
        int[] classes = new int[at == LossAt.LAST ? batch : steps * batch];
        for (int i = 0; i < classes.length; i++) classes[i] = rng.nextInt(outputs);
        SequenceBatch data = new SequenceBatch(steps, batch, inputs, x, lengths, Targets.classes(at, classes, outputs));
        Truncation truncation = variant.equals("truncated") ? Truncation.parse("5,8") : Truncation.FULL;
        Trainer trainer = new Trainer(net, Optimizer.create("adam"), LearningRateSchedule.constant(1e-2f),
                Clipping.none(), truncation);
        long h = 0xcbf29ce484222325L;
        for (int s = 0; s < 3; s++) h = mix(h, Double.doubleToRawLongBits(trainer.step(data).loss()));
        for (Parameter q : net.parameters()) {
            h = mix(h, q.value());
            h = mix(h, q.grad());
        }
        h = mix(h, net.outputs());
        for (int l = 0; l < layers; l++) {
            LayerTrace tr = net.trace(l);
            for (float[] a : new float[][] {tr.hidden(), tr.cell(), gateRows(tr), tr.hiddenProjection(), tr.dHidden(),
                    tr.dCell(), tr.dPreInput(), tr.dPreHidden()}) {
                if (a != null) h = mix(h, a);
            }
        }
        return h;
    }

    /**
     * The gate rows of steps 1..T at {@link LayerTrace#gateOffset}, [T, B, G·H], zero at padded
     * steps: the engine's gates array before the RNN's became its states (whose padded steps carry
     * the state), and the reference's layout.
     */
    static float[] gateRows(LayerTrace tr) {
        int w = tr.gateWidth(), batch = tr.batch();
        float[] rows = new float[tr.steps() * batch * w];
        for (int t = 1; t <= tr.steps(); t++)
            for (int b = 0; b < batch; b++)
                if (tr.active(t, b)) System.arraycopy(tr.gates(), tr.gateOffset(t, b), rows, ((t - 1) * batch + b) * w, w);
        return rows;
    }

    private static long mix(long h, float[] a) {
        for (float v : a) h = mix(h, Float.floatToRawIntBits(v));
        return h;
    }

    private static long mix(long h, long v) {
        return (h ^ v) * 0x100000001b3L;
    }
}
