package rnnlab.train;

import java.util.List;

/**
 * Adam as {@code torch.optim.Adam} (and, with decoupled weight decay, {@code torch.optim.AdamW}):
 * at step t, per element,
 * <pre>
 *   θ ← θ·(1 − lr·wd)                 AdamW only (decoupled decay)
 *   g ← g + wd·θ                      Adam only (L2 penalty in the gradient)
 *   m ← m + (1 − β1)·(g − m)          exp_avg (PyTorch's lerp)
 *   v ← β2·v + (1 − β2)·g·g           exp_avg_sq
 *   θ ← θ − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 * ε is added outside the square root, after the bias correction, as PyTorch does. The scalar
 * factors are computed in double (they are Python floats in PyTorch), the element updates in float.
 */
public final class Adam extends StatefulOptimizer {
    private static final int EXP_AVG = 0;
    private static final int EXP_AVG_SQ = 1;

    private final double beta1;
    private final double beta2;
    private final float oneMinusBeta1;
    private final float oneMinusBeta2;
    private final float beta2f;
    private final float eps;
    private final float weightDecay;
    private final double weightDecayExact; // lr·wd is a product of Python floats in PyTorch
    private final boolean decoupled;

    /**
     * Adam with the given betas, ε and weight decay.
     *
     * @param decoupled AdamW's weight decay (applied to θ) instead of Adam's (added to g)
     */
    public Adam(double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        super(decoupled ? "adamw" : "adam", List.of("exp_avg", "exp_avg_sq"));
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.oneMinusBeta1 = (float) (1 - beta1);
        this.oneMinusBeta2 = (float) (1 - beta2);
        this.beta2f = (float) beta2;
        this.eps = (float) eps;
        this.weightDecay = (float) weightDecay;
        this.weightDecayExact = weightDecay;
        this.decoupled = decoupled;
    }

    @Override
    void update(float[] value, float[] grad, float[][] buffers, float learningRate, long step, boolean first) {
        float[] m = buffers[EXP_AVG];
        float[] v = buffers[EXP_AVG_SQ];
        float minusStepSize = (float) -(learningRate / (1 - Math.pow(beta1, step)));
        float biasCorrection2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, step));
        float decayFactor = (float) (1 - learningRate * weightDecayExact);
        boolean l2 = !decoupled && weightDecay != 0;
        boolean decay = decoupled && weightDecay != 0;
        for (int j = 0; j < value.length; j++) {
            if (decay) value[j] = value[j] * decayFactor;
            float g = l2 ? grad[j] + weightDecay * value[j] : grad[j];
            m[j] = m[j] + oneMinusBeta1 * (g - m[j]);
            v[j] = v[j] * beta2f + oneMinusBeta2 * g * g;
            float denom = (float) Math.sqrt(v[j]) / biasCorrection2Sqrt + eps;
            value[j] = value[j] + minusStepSize * m[j] / denom;
        }
    }
}
