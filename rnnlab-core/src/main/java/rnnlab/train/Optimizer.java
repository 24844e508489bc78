package rnnlab.train;

import java.util.List;
import rnnlab.nn.Parameter;

/**
 * Updates parameters in place from their accumulated gradients, with PyTorch's semantics
 * ({@code torch.optim.SGD}, {@code Adam}, {@code AdamW}, {@code RMSprop}), in float32.
 *
 * <p>Call order in a training step: gradients accumulated, then {@link Clipping} applied to
 * them, then {@link #step}; the optimiser reads the gradients and does not clear them.
 *
 * <p>State (momentum buffers, moment estimates) is allocated on the first step, one set per
 * parameter, keyed by the parameter's name; later steps allocate nothing. An optimiser is bound to
 * the parameters of its first step: give it the same list every time.
 */
public interface Optimizer {
    /** The names {@link #create} accepts. */
    List<String> NAMES = List.of("sgd", "nesterov", "adam", "adamw", "rmsprop");

    /**
     * One update of every parameter from its gradient.
     *
     * @param params the parameters; values are modified, gradients only read
     * @param learningRate the step size for this step (from a {@link LearningRateSchedule})
     * @throws IllegalArgumentException if two parameters share a name, or a parameter's size does
     *     not match restored state
     * @throws IllegalStateException if a parameter appears that was not there on the first step
     */
    void step(List<Parameter> params, float learningRate);

    /** The name {@link #create} knows it by: sgd, nesterov, adam, adamw or rmsprop. */
    String name();

    /**
     * A copy of the state, for a checkpoint: the number of steps taken and each buffer, named
     * {@code "<parameter>.<buffer>"} (buffers: {@code momentum_buffer} for SGD and RMSprop with
     * momentum, {@code exp_avg} and {@code exp_avg_sq} for Adam, {@code square_avg} for RMSprop;
     * PyTorch's names).
     */
    OptimizerState state();

    /**
     * Replaces the state with a copy of {@code state} (from {@link #state()} of an optimiser of the
     * same kind). Buffers bind to parameters by name at the next {@link #step}.
     *
     * @throws IllegalArgumentException if a buffer name is not this optimiser's, or a parameter
     *     lacks one of its buffers
     */
    void restore(OptimizerState state);

    /** The optimiser called {@code name} with its {@link OptimizerOptions#defaults defaults}. */
    static Optimizer create(String name) {
        return create(name, OptimizerOptions.defaults(name));
    }

    /**
     * The optimiser called {@code name} (case-insensitive), configured by {@code options}; fields
     * an optimiser does not use are ignored.
     *
     * @throws IllegalArgumentException for an unknown name (the message lists {@link #NAMES}), or
     *     options the optimiser rejects (nesterov without momentum or with dampening)
     */
    static Optimizer create(String name, OptimizerOptions options) {
        return switch (canonicalName(name)) {
            case "sgd" -> new Sgd(options.momentum(), options.dampening(), options.weightDecay(), false);
            case "nesterov" -> new Sgd(options.momentum(), options.dampening(), options.weightDecay(), true);
            case "adam" -> new Adam(options.beta1(), options.beta2(), options.eps(), options.weightDecay(), false);
            case "adamw" -> new Adam(options.beta1(), options.beta2(), options.eps(), options.weightDecay(), true);
            case "rmsprop" -> new RmsProp(options.alpha(), options.eps(), options.momentum(), options.weightDecay());
            default -> throw new AssertionError(name);
        };
    }

    /**
     * A learning rate that works as a starting point: 1e-3 for adam, adamw and rmsprop (the
     * references' defaults; PyTorch's RMSprop default is 1e-2), 1e-2 for sgd and nesterov.
     */
    static float defaultLearningRate(String name) {
        return switch (canonicalName(name)) {
            case "sgd", "nesterov" -> 1e-2f;
            default -> 1e-3f;
        };
    }

    /** {@code name} lower-cased if it is one of {@link #NAMES}; throws listing them otherwise. */
    static String canonicalName(String name) {
        String lower = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (!NAMES.contains(lower))
            throw new IllegalArgumentException("unknown optimizer '" + name + "': use one of " + String.join(", ", NAMES));
        return lower;
    }
}
