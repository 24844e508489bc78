package rnnlab.nn;

/** The loss applied to the linear readout o_t = V h_t + b2. */
public enum LossKind {
    /** {@code L_t = 1/2 ||y_t - o_t||^2}, the seeds' loss. Targets are real vectors. */
    MSE,
    /** Softmax cross-entropy {@code L_t = -log softmax(o_t)[y_t]}. Targets are class indices. */
    CROSS_ENTROPY
}
