package rnnlab.cli.bench;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import rnnlab.nn.CellType;

/**
 * The peer figures of the speed issue: libtorch 2.7.1's milliseconds per training step at the
 * six default shapes, measured on another machine (2 cores, AMD EPYC Zen 3, 2 threads).
 * They are a reference, not a measurement of this run: compare ratios with care.
 */
public final class PeerFigures {
    private PeerFigures() {}

    /** Where the figures come from, for the output. */
    public static final String SOURCE = "libtorch 2.7.1, ms per training step, from the speed issue "
            + "(measured on another machine: 2-core AMD EPYC Zen 3, 2 threads)";

    /** Shapes "I,H,B,T" in the order of {@link BenchConfig#DEFAULTS}. */
    private static final List<String> SHAPES = BenchConfig.DEFAULTS.stream().map(BenchConfig::shape).toList();

    private static final Map<CellType, double[]> LIBTORCH_MS = Map.of(
            CellType.LSTM, new double[] {29.6, 164, 112, 699, 353, 46.2},
            CellType.GRU, new double[] {69, 176, 113, 752, 309, 38},
            CellType.RNN_TANH, new double[] {26, 69, 52, 282, 98, 15});

    /** libtorch's ms per training step for this cell and shape, if the issue gives one. */
    public static OptionalDouble libtorchMs(CellType cell, BenchConfig config) {
        int i = SHAPES.indexOf(config.shape());
        double[] ms = LIBTORCH_MS.get(cell);
        return i < 0 || ms == null ? OptionalDouble.empty() : OptionalDouble.of(ms[i]);
    }

    /**
     * The target for rnnlab's training step as a fraction of libtorch's: 2/3 for H ≤ 256,
     * 0.8 above (the (256,512,64,50) shape).
     */
    public static double target(BenchConfig config) {
        return config.hidden() <= 256 ? 2.0 / 3 : 0.8;
    }
}
