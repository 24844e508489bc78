package rnnlab.nn;

/**
 * What a batch should produce, and so which loss applies: real {@code values} mean MSE, class
 * indices mean cross-entropy. Layout, time-major like the inputs:
 * <ul>
 *   <li>{@link LossAt#LAST}: values [B, O] or classes [B], for each sequence's last step;</li>
 *   <li>{@link LossAt#EVERY}: values [T, B, O] or classes [T, B]; entries at padded steps
 *       (t ≥ length) are ignored.</li>
 * </ul>
 */
public record Targets(LossAt at, float[] values, int[] classes, int width) {
    public Targets {
        if (at == null) throw new IllegalArgumentException("loss position must be given");
        if ((values == null) == (classes == null))
            throw new IllegalArgumentException("give either target values or target classes");
        if (width < 1) throw new IllegalArgumentException("target width must be at least 1");
    }

    /** MSE targets, {@code width} reals per scored step. */
    public static Targets values(LossAt at, float[] values, int width) {
        return new Targets(at, values, null, width);
    }

    /** Cross-entropy targets: one class index in [0, classCount) per scored step. */
    public static Targets classes(LossAt at, int[] classes, int classCount) {
        return new Targets(at, null, classes, classCount);
    }

    public LossKind kind() {
        return values != null ? LossKind.MSE : LossKind.CROSS_ENTROPY;
    }
}
