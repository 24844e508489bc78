package rnnlab.train;

import java.util.List;

/**
 * RMSprop as {@code torch.optim.RMSprop} (not centred): per element,
 * <pre>
 *   g ← g + wd·θ
 *   s ← α·s + (1 − α)·g·g               square_avg
 *   d ← √s + ε                          (ε outside the square root)
 *   b ← μ·b + g / d;  θ ← θ − lr·b      with momentum μ &gt; 0 (momentum_buffer)
 *   θ ← θ − lr·g / d                    without
 * </pre>
 * Buffers start at zero; there is no bias correction.
 */
public final class RmsProp extends StatefulOptimizer {
    private static final int SQUARE_AVG = 0;
    private static final int MOMENTUM_BUFFER = 1;

    private final float alpha;
    private final float oneMinusAlpha;
    private final float eps;
    private final float momentum;
    private final float weightDecay;

    /** RMSprop with decay {@code alpha}, {@code eps}, {@code momentum} (0 = none) and L2 weight decay. */
    public RmsProp(double alpha, double eps, double momentum, double weightDecay) {
        super("rmsprop", momentum > 0 ? List.of("square_avg", "momentum_buffer") : List.of("square_avg"));
        this.alpha = (float) alpha;
        this.oneMinusAlpha = (float) (1 - alpha);
        this.eps = (float) eps;
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
    }

    @Override
    void update(float[] value, float[] grad, float[][] buffers, float learningRate, long step, boolean first) {
        float minusLr = -learningRate;
        float[] s = buffers[SQUARE_AVG];
        float[] buf = momentum > 0 ? buffers[MOMENTUM_BUFFER] : null;
        for (int j = 0; j < value.length; j++) {
            float g = weightDecay != 0 ? grad[j] + weightDecay * value[j] : grad[j];
            s[j] = s[j] * alpha + oneMinusAlpha * g * g;
            float denom = (float) Math.sqrt(s[j]) + eps;
            if (buf != null) {
                buf[j] = buf[j] * momentum + g / denom;
                value[j] = value[j] + minusLr * buf[j];
            } else {
                value[j] = value[j] + minusLr * g / denom;
            }
        }
    }
}
