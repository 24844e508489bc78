package rnnlab.reference;

/**
 * PyTorch's GRU, gate blocks r, z, n:
 * <pre>
 *   resetGate        r_t = σ(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
 *   updateGate       z_t = σ(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
 *   hiddenProjection     = W_hn h_{t-1} + b_hn
 *   candidate        n_t = tanh(W_in x_t + b_in + r_t * hiddenProjection)
 *   hidden           h_t = (1 − z_t) * n_t + z_t * h_{t-1}
 * </pre>
 * The reset gate multiplies {@code b_hn} too, so {@code b_in} and {@code b_hn} are not
 * interchangeable.
 */
final class ReferenceGruCell implements ReferenceCell {
    /** Gate block indices in the stacked [3H] projections. */
    private static final int RESET = 0, UPDATE = 1, NEW = 2;

    private final LayerWeights weights;
    private final int hiddenSize;

    ReferenceGruCell(LayerWeights weights) {
        this.weights = weights;
        this.hiddenSize = weights.hiddenSize();
    }

    /** Step values. */
    record GruStep(double[] x, double[] hPrev, double[] resetGate, double[] updateGate,
                   double[] hiddenProjection, double[] candidate, double[] hidden) implements Step {
        @Override
        public State state() {
            return new State(hidden, null);
        }

        @Override
        public double[] gates() {
            return ReferenceLstmCell.concat(resetGate, updateGate, candidate);
        }
    }

    @Override
    public GruStep forward(double[] x, State previous, double[] cellNudge) {
        int h = hiddenSize;
        double[] hPrev = previous.hidden();
        // The n block needs the input and hidden projections apart, so they are not summed up front.
        double[] fromInput = Affine.apply(weights.weightIh(), weights.biasIh(), x);
        double[] fromHidden = Affine.apply(weights.weightHh(), weights.biasHh(), hPrev);
        double[] resetGate = new double[h], updateGate = new double[h], hiddenProjection = new double[h];
        double[] candidate = new double[h], hidden = new double[h];
        for (int j = 0; j < h; j++) {
            resetGate[j] = Affine.sigmoid(fromInput[RESET * h + j] + fromHidden[RESET * h + j]);
            updateGate[j] = Affine.sigmoid(fromInput[UPDATE * h + j] + fromHidden[UPDATE * h + j]);
            hiddenProjection[j] = fromHidden[NEW * h + j];
            candidate[j] = Math.tanh(fromInput[NEW * h + j] + resetGate[j] * hiddenProjection[j]);
            hidden[j] = (1 - updateGate[j]) * candidate[j] + updateGate[j] * hPrev[j];
        }
        return new GruStep(x, hPrev, resetGate, updateGate, hiddenProjection, candidate, hidden);
    }

    @Override
    public StepGradient backward(Step step, double[] dHidden, double[] dCellNext, LayerWeights grads) {
        GruStep st = (GruStep) step;
        int h = hiddenSize;
        double[] dPreInput = new double[3 * h], dPreHidden = new double[3 * h], dhDirect = new double[h];
        for (int j = 0; j < h; j++) {
            double r = st.resetGate()[j], z = st.updateGate()[j], n = st.candidate()[j];
            dhDirect[j] = dHidden[j] * z;  // the path h_{t-1} -> h_t through z_t * h_{t-1}
            double dCandidate = dHidden[j] * (1 - z);
            double dUpdateGate = dHidden[j] * (st.hPrev()[j] - n);
            double dPreNew = dCandidate * (1 - n * n);
            double dResetGate = dPreNew * st.hiddenProjection()[j];
            double dPreReset = dResetGate * r * (1 - r);
            double dPreUpdate = dUpdateGate * z * (1 - z);
            dPreInput[RESET * h + j] = dPreHidden[RESET * h + j] = dPreReset;
            dPreInput[UPDATE * h + j] = dPreHidden[UPDATE * h + j] = dPreUpdate;
            dPreInput[NEW * h + j] = dPreNew;
            dPreHidden[NEW * h + j] = dPreNew * r;  // the hidden projection enters through r_t *
        }
        double[] dx = Affine.backward(weights.weightIh(), st.x(), dPreInput, grads.weightIh(), grads.biasIh());
        double[] dhPrev = Affine.add(dhDirect,
                Affine.backward(weights.weightHh(), st.hPrev(), dPreHidden, grads.weightHh(), grads.biasHh()));
        return new StepGradient(dx, dhPrev, null, null, dPreInput, dPreHidden);
    }
}
