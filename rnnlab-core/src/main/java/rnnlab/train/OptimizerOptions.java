package rnnlab.train;

/**
 * The hyperparameters of the optimisers other than the learning rate, with PyTorch's meanings.
 * Each optimiser reads the fields it uses and ignores the rest.
 *
 * @param momentum SGD and RMSprop momentum (0 = none); nesterov requires it above 0
 * @param dampening SGD dampening (nesterov requires 0)
 * @param beta1 Adam's decay of the first moment
 * @param beta2 Adam's decay of the second moment
 * @param alpha RMSprop's decay of the squared-gradient average
 * @param eps added to the denominator (outside the square root) by Adam and RMSprop
 * @param weightDecay L2 penalty added to the gradient ({@code g + wd·θ}) for sgd, nesterov, adam
 *     and rmsprop; decoupled ({@code θ ← θ·(1 − lr·wd)}) for adamw
 */
public record OptimizerOptions(double momentum, double dampening, double beta1, double beta2,
                               double alpha, double eps, double weightDecay) {
    public OptimizerOptions {
        requireNonNegative("momentum", momentum);
        requireInRange("dampening", dampening, 0, 1);
        requireBelowOne("beta1", beta1);
        requireBelowOne("beta2", beta2);
        requireInRange("alpha", alpha, 0, 1);
        requireNonNegative("eps", eps);
        requireNonNegative("weight decay", weightDecay);
    }

    /**
     * The defaults for optimiser {@code name} (PyTorch's, except where noted): momentum 0 for sgd
     * and rmsprop, 0.9 for nesterov (which needs some); dampening 0; betas 0.9 and 0.999; alpha
     * 0.99; eps 1e-8; weight decay 0, except 0.01 for adamw (PyTorch's AdamW default).
     *
     * @throws IllegalArgumentException for an unknown name, listing {@link Optimizer#NAMES}
     */
    public static OptimizerOptions defaults(String name) {
        String canonical = Optimizer.canonicalName(name);
        double momentum = canonical.equals("nesterov") ? 0.9 : 0.0;
        double weightDecay = canonical.equals("adamw") ? 0.01 : 0.0;
        return new OptimizerOptions(momentum, 0.0, 0.9, 0.999, 0.99, 1e-8, weightDecay);
    }

    /** These options with {@code momentum} changed. */
    public OptimizerOptions withMomentum(double momentum) {
        return new OptimizerOptions(momentum, dampening, beta1, beta2, alpha, eps, weightDecay);
    }

    /** These options with {@code dampening} changed. */
    public OptimizerOptions withDampening(double dampening) {
        return new OptimizerOptions(momentum, dampening, beta1, beta2, alpha, eps, weightDecay);
    }

    /** These options with Adam's betas changed. */
    public OptimizerOptions withBetas(double beta1, double beta2) {
        return new OptimizerOptions(momentum, dampening, beta1, beta2, alpha, eps, weightDecay);
    }

    /** These options with RMSprop's {@code alpha} changed. */
    public OptimizerOptions withAlpha(double alpha) {
        return new OptimizerOptions(momentum, dampening, beta1, beta2, alpha, eps, weightDecay);
    }

    /** These options with {@code eps} changed. */
    public OptimizerOptions withEps(double eps) {
        return new OptimizerOptions(momentum, dampening, beta1, beta2, alpha, eps, weightDecay);
    }

    /** These options with {@code weightDecay} changed. */
    public OptimizerOptions withWeightDecay(double weightDecay) {
        return new OptimizerOptions(momentum, dampening, beta1, beta2, alpha, eps, weightDecay);
    }

    private static void requireInRange(String what, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi))
            throw new IllegalArgumentException(what + " must be in [" + lo + ", " + hi + "], got " + value);
    }

    private static void requireNonNegative(String what, double value) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY))
            throw new IllegalArgumentException(what + " must be finite and at least 0, got " + value);
    }

    private static void requireBelowOne(String what, double value) {
        if (!(value >= 0 && value < 1))
            throw new IllegalArgumentException(what + " must be in [0, 1), got " + value);
    }
}
