package rnnlab.train;

import java.util.List;

/**
 * Stochastic gradient descent as {@code torch.optim.SGD}: with weight decay {@code wd}, momentum
 * {@code μ}, dampening {@code d}, per element
 * <pre>
 *   g ← g + wd·θ
 *   b ← g                      on the first step
 *   b ← μ·b + (1 − d)·g        afterwards
 *   g ← g + μ·b  (nesterov)    or   g ← b  (otherwise)
 *   θ ← θ − lr·g
 * </pre>
 * Without momentum there is no buffer and the update is {@code θ ← θ − lr·g}.
 */
public final class Sgd extends StatefulOptimizer {
    private final float momentum;
    private final float oneMinusDampening;
    private final float weightDecay;
    private final boolean nesterov;

    /**
     * SGD with the given momentum (0 = none), dampening, L2 weight decay, and Nesterov's variant
     * or not.
     *
     * @throws IllegalArgumentException for nesterov without momentum or with dampening (as PyTorch)
     */
    public Sgd(double momentum, double dampening, double weightDecay, boolean nesterov) {
        super(nesterov ? "nesterov" : "sgd", momentum != 0 ? List.of("momentum_buffer") : List.of());
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new IllegalArgumentException("nesterov momentum requires a momentum above 0 and zero dampening");
        this.momentum = (float) momentum;
        this.oneMinusDampening = (float) (1 - dampening);
        this.weightDecay = (float) weightDecay;
        this.nesterov = nesterov;
    }

    @Override
    void update(float[] value, float[] grad, float[][] buffers, float learningRate, long step, boolean first) {
        float minusLr = -learningRate;
        float[] buf = momentum != 0 ? buffers[0] : null;
        for (int j = 0; j < value.length; j++) {
            float g = grad[j];
            if (weightDecay != 0) g = g + weightDecay * value[j];
            if (buf != null) {
                buf[j] = first ? g : buf[j] * momentum + oneMinusDampening * g;
                g = nesterov ? g + momentum * buf[j] : buf[j];
            }
            value[j] = value[j] + minusLr * g;
        }
    }
}
