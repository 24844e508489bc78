package rnnlab.probe;

/**
 * What a {@link GradientFlowProbe} measures and how hard it works.
 *
 * @param layer the layer probed, 0 (the one reading the input) to layers−1
 * @param jacobianSequences how many probe sequences the Jacobian spectra and the LSTM's
 *     cell-path term norms are computed for (the first ones of nonzero length); 0 skips them.
 *     They cost one (state-size)³ matrix product and a few power iterations per step and
 *     sequence: the expensive part of {@link GradientFlowProbe#analyse}
 * @param powerTolerance power iteration stops when σ changes by at most this, relative
 * @param powerIterations and after at most this many iterations per matrix
 */
public record ProbeSettings(int layer, int jacobianSequences, double powerTolerance, int powerIterations) {
    public ProbeSettings {
        if (layer < 0) throw new IllegalArgumentException("layer must be at least 0, got " + layer);
        if (jacobianSequences < 0) throw new IllegalArgumentException("jacobian sequences must be at least 0, got " + jacobianSequences);
        if (!(powerTolerance > 0 && powerTolerance < 1)) throw new IllegalArgumentException("power tolerance must lie in (0, 1), got " + powerTolerance);
        if (powerIterations < 1) throw new IllegalArgumentException("power iterations must be at least 1, got " + powerIterations);
    }

    /** Layer 0, 4 Jacobian sequences, tolerance 1e-6, at most 100 iterations. */
    public static ProbeSettings defaults() {
        return new ProbeSettings(0, 4, 1e-6, 100);
    }

    public ProbeSettings withLayer(int layer) {
        return new ProbeSettings(layer, jacobianSequences, powerTolerance, powerIterations);
    }

    public ProbeSettings withJacobianSequences(int n) {
        return new ProbeSettings(layer, n, powerTolerance, powerIterations);
    }

    public ProbeSettings withPowerIteration(double tolerance, int cap) {
        return new ProbeSettings(layer, jacobianSequences, tolerance, cap);
    }
}
