package rnnlab.reference;

/**
 * The LSTM of theory.md section 2, gate blocks in PyTorch's order i, f, g, o, each
 * pre-activation {@code W_i* x_t + b_i* + W_h* h_{t-1} + b_h*}:
 * <pre>
 *   inputGate  i_t = σ(.)        forgetGate f_t = σ(.)
 *   candidate  g_t = tanh(.)     outputGate o_t = σ(.)
 *   cellState  c_t = f_t * c_{t-1} + i_t * g_t
 *   hidden     h_t = o_t * tanh(c_t)
 * </pre>
 * Without a forget gate (1997's LSTM), f_t ≡ 1: a constant, not a function of the weights.
 */
final class ReferenceLstmCell implements ReferenceCell {
    /** Gate block indices in the stacked [4H] pre-activation. */
    private static final int INPUT = 0, FORGET = 1, CANDIDATE = 2, OUTPUT = 3;

    private final LayerWeights weights;
    private final int hiddenSize;
    private final boolean hasForgetGate;

    ReferenceLstmCell(LayerWeights weights, boolean hasForgetGate) {
        this.weights = weights;
        this.hiddenSize = weights.hiddenSize();
        this.hasForgetGate = hasForgetGate;
    }

    /** Step values, named as in theory.md. */
    record LstmStep(double[] x, double[] hPrev, double[] cPrev, double[] inputGate, double[] forgetGate,
                    double[] candidate, double[] outputGate, double[] cellState, double[] hidden) implements Step {
        @Override
        public State state() {
            return new State(hidden, cellState);
        }

        @Override
        public double[] gates() {
            return concat(inputGate, forgetGate, candidate, outputGate);
        }
    }

    @Override
    public LstmStep forward(double[] x, State previous, double[] cellNudge) {
        int h = hiddenSize;
        double[] hPrev = previous.hidden(), cPrev = previous.cell();
        double[] pre = Affine.add(Affine.apply(weights.weightIh(), weights.biasIh(), x),
                                  Affine.apply(weights.weightHh(), weights.biasHh(), hPrev));
        double[] inputGate = new double[h], forgetGate = new double[h], candidate = new double[h];
        double[] outputGate = new double[h], cellState = new double[h], hidden = new double[h];
        for (int j = 0; j < h; j++) {
            inputGate[j] = Affine.sigmoid(pre[INPUT * h + j]);
            forgetGate[j] = hasForgetGate ? Affine.sigmoid(pre[FORGET * h + j]) : 1;
            candidate[j] = Math.tanh(pre[CANDIDATE * h + j]);
            outputGate[j] = Affine.sigmoid(pre[OUTPUT * h + j]);
            cellState[j] = forgetGate[j] * cPrev[j] + inputGate[j] * candidate[j];
            if (cellNudge != null) cellState[j] += cellNudge[j];
            hidden[j] = outputGate[j] * Math.tanh(cellState[j]);
        }
        return new LstmStep(x, hPrev, cPrev, inputGate, forgetGate, candidate, outputGate, cellState, hidden);
    }

    @Override
    public StepGradient backward(Step step, double[] dHidden, double[] dCellNext, LayerWeights grads) {
        LstmStep st = (LstmStep) step;
        int h = hiddenSize;
        double[] dCell = new double[h], dcPrev = new double[h], dPre = new double[4 * h];
        for (int j = 0; j < h; j++) {
            double tanhC = Math.tanh(st.cellState()[j]);
            // Total dL/dc_t: the path through c_{t+1} plus the path through h_t = o_t * tanh(c_t).
            dCell[j] = dCellNext[j] + dHidden[j] * st.outputGate()[j] * (1 - tanhC * tanhC);
            // The cell path: dc_t/dc_{t-1} = diag(f_t), no weight matrix, no squashing derivative.
            dcPrev[j] = dCell[j] * st.forgetGate()[j];
            double dInputGate = dCell[j] * st.candidate()[j];
            double dForgetGate = dCell[j] * st.cPrev()[j];
            double dCandidate = dCell[j] * st.inputGate()[j];
            double dOutputGate = dHidden[j] * tanhC;
            dPre[INPUT * h + j] = dInputGate * sigmoidDerivative(st.inputGate()[j]);
            dPre[FORGET * h + j] = dForgetGate * sigmoidDerivative(st.forgetGate()[j]);
            dPre[CANDIDATE * h + j] = dCandidate * (1 - st.candidate()[j] * st.candidate()[j]);
            dPre[OUTPUT * h + j] = dOutputGate * sigmoidDerivative(st.outputGate()[j]);
        }
        double[] dx = Affine.backward(weights.weightIh(), st.x(), dPre, grads.weightIh(), grads.biasIh());
        // The three gate paths into h_{t-1} (through U_f, U_i, U_g) and the output gate's (U_o).
        double[] dhPrev = Affine.backward(weights.weightHh(), st.hPrev(), dPre, grads.weightHh(), grads.biasHh());
        return new StepGradient(dx, dhPrev, dcPrev, dCell, dPre, dPre.clone());
    }

    /** σ' written through the gate value: σ(a)(1 − σ(a)). */
    private static double sigmoidDerivative(double gate) {
        return gate * (1 - gate);
    }

    static double[] concat(double[]... blocks) {
        int n = 0;
        for (double[] b : blocks) n += b.length;
        double[] all = new double[n];
        int at = 0;
        for (double[] b : blocks) {
            System.arraycopy(b, 0, all, at, b.length);
            at += b.length;
        }
        return all;
    }
}
