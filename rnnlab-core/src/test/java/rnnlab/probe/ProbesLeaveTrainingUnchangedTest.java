package rnnlab.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import rnnlab.nn.CellType;
import rnnlab.nn.LayerTrace;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.Parameter;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;

/**
 * Training with probes interleaved gives weights bit-identical to training without, and a probe
 * leaves the trained network's gradients and traces as they were. (The loop is a plain SGD with
 * momentum written here: the probe package does not depend on rnnlab.train.)
 */
class ProbesLeaveTrainingUnchangedTest {
    private static final int T = 12, B = 4, I = 2, H = 6, O = 1, STEPS = 9;

    @ParameterizedTest
    @EnumSource(CellType.class)
    void trainingWithProbesIsBitIdenticalToTrainingWithout(CellType cell) {
        NetworkConfig config = ProbeFixtures.config(cell, I, H, 2, O);
        SequenceBatch probeBatch = ProbeFixtures.batch(config, T, 5, LossKind.MSE, LossAt.EVERY, new int[] {T, 3, T, 0, 7}, 99);
        List<float[]> without = train(config, null);
        List<float[]> with = train(config, probeBatch);
        for (int i = 0; i < without.size(); i++) assertArrayEquals(without.get(i), with.get(i), "parameter " + i);
    }

    /** STEPS steps of SGD with momentum; with a probe batch, probes after every step. Returns the final weights. */
    private static List<float[]> train(NetworkConfig config, SequenceBatch probeBatch) {
        RecurrentNetwork net = ProbeFixtures.network(config, 42, 0.5);
        GradientFlowProbe probe = probeBatch == null ? null
                : GradientFlowProbe.of(net, probeBatch, ProbeSettings.defaults().withLayer(1).withJacobianSequences(2));
        List<float[]> velocity = new ArrayList<>();
        for (Parameter p : net.parameters()) velocity.add(new float[p.size()]);
        Random data = new Random(5);
        for (int s = 0; s < STEPS; s++) {
            SequenceBatch batch = ProbeFixtures.batch(config, T, B, LossKind.MSE, LossAt.LAST, null, data.nextLong());
            if (probe != null && s % 2 == 0) probe.analyse(net, s);
            net.zeroGrad();
            net.forward(batch);
            net.backward();
            if (probe != null) {
                // between backward and the update: the gradients the update uses must stay untouched
                Snapshot before = Snapshot.of(net);
                if (s % 2 == 1) probe.analyse(net, s); else probe.gradientNorms(net, s);
                before.assertSame(Snapshot.of(net));
            }
            for (int i = 0; i < net.parameters().size(); i++) {
                Parameter p = net.parameters().get(i);
                float[] v = velocity.get(i), w = p.value(), g = p.grad();
                for (int j = 0; j < w.length; j++) {
                    v[j] = 0.9f * v[j] + g[j];
                    w[j] -= 0.05f * v[j];
                }
            }
        }
        List<float[]> weights = new ArrayList<>();
        for (Parameter p : net.parameters()) weights.add(p.value().clone());
        return weights;
    }

    /** Copies of every parameter's value and gradient, and of every layer's trace arrays. */
    private record Snapshot(List<float[]> arrays) {
        static Snapshot of(RecurrentNetwork net) {
            List<float[]> a = new ArrayList<>();
            for (Parameter p : net.parameters()) {
                a.add(p.value().clone());
                a.add(p.grad().clone());
            }
            for (int l = 0; l < net.config().layers(); l++) {
                LayerTrace tr = net.trace(l);
                for (float[] x : new float[][] {tr.hidden(), tr.cell(), tr.gates(), tr.hiddenProjection(), tr.dHidden(),
                        tr.dCell(), tr.dPreInput(), tr.dPreHidden()})
                    a.add(x == null ? new float[0] : x.clone());
            }
            a.add(net.outputs().clone());
            return new Snapshot(a);
        }

        void assertSame(Snapshot after) {
            for (int i = 0; i < arrays.size(); i++) assertArrayEquals(arrays.get(i), after.arrays.get(i), "array " + i);
        }
    }
}
