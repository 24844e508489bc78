package rnnlab.reference;

/**
 * The plain RNN of theory.md section 1, with PyTorch's two biases:
 * {@code theta_t = U x_t + b_ih + W s_{t-1} + b_hh}, {@code s_t = act(theta_t)}, where
 * U = {@code weight_ih}, W = {@code weight_hh} and act is tanh or relu.
 */
final class ReferenceRnnCell implements ReferenceCell {
    private final LayerWeights weights;
    private final boolean relu;

    ReferenceRnnCell(LayerWeights weights, boolean relu) {
        this.weights = weights;
        this.relu = relu;
    }

    /** Step values: the input x_t, the previous state s_{t−1}, the pre-activation theta_t and s_t. */
    record RnnStep(double[] x, double[] sPrev, double[] theta, double[] s) implements Step {
        @Override
        public State state() {
            return new State(s, null);
        }

        @Override
        public double[] gates() {
            return s.clone();
        }
    }

    @Override
    public RnnStep forward(double[] x, State previous, double[] cellNudge) {
        double[] sPrev = previous.hidden();
        double[] theta = Affine.add(Affine.apply(weights.weightIh(), weights.biasIh(), x),
                                    Affine.apply(weights.weightHh(), weights.biasHh(), sPrev));
        double[] s = new double[theta.length];
        for (int j = 0; j < s.length; j++) s[j] = relu ? Math.max(0, theta[j]) : Math.tanh(theta[j]);
        return new RnnStep(x, sPrev, theta, s);
    }

    @Override
    public StepGradient backward(Step step, double[] dHidden, double[] dCellNext, LayerWeights grads) {
        RnnStep st = (RnnStep) step;
        // dL/dtheta = diag(act'(theta)) dL/ds; with W^T below this is the per-step Jacobian
        // ds_t/ds_{t-1} = diag(act'(theta_t)) W of theory.md, applied transposed.
        double[] dTheta = new double[dHidden.length];
        for (int j = 0; j < dTheta.length; j++) dTheta[j] = dHidden[j] * activationDerivative(st, j);
        double[] dx = Affine.backward(weights.weightIh(), st.x(), dTheta, grads.weightIh(), grads.biasIh());
        double[] dsPrev = Affine.backward(weights.weightHh(), st.sPrev(), dTheta, grads.weightHh(), grads.biasHh());
        return new StepGradient(dx, dsPrev, null, null, dTheta, dTheta.clone());
    }

    /** tanh' = 1 − s²; relu' = 1 for theta > 0, else 0 (PyTorch's choice at the kink). */
    private double activationDerivative(RnnStep st, int j) {
        return relu ? (st.theta()[j] > 0 ? 1 : 0) : 1 - st.s()[j] * st.s()[j];
    }
}
