package rnnlab.reference;

/**
 * One recurrent cell: what one step computes and how to go back through it. A cell holds its
 * layer's weights; the loop over steps and layers lives in {@link ReferenceNetwork}.
 */
sealed interface ReferenceCell permits ReferenceRnnCell, ReferenceLstmCell, ReferenceGruCell {

    /** The recurrent state: h_t (s_t for the RNN) and, for the LSTM only, c_t (else null). */
    record State(double[] hidden, double[] cell) {}

    /** What one step computed: its new state and what the backward pass needs. */
    interface Step {
        State state();

        /**
         * The gate values after their nonlinearity, concatenated: LSTM i, f, g, o; GRU r, z, n;
         * RNN the one block s_t.
         */
        double[] gates();
    }

    /**
     * What going back through one step yields. {@code dCell} is the total ∂L/∂c_t of this step's
     * cell state (LSTM only, else null): the path through c_{t+1} plus the path through h_t.
     * {@code dPreInput} = ∂L/∂(W_ih x_t + b_ih) and {@code dPreHidden} = ∂L/∂(W_hh h_{t−1} + b_hh),
     * equal except in the GRU's n block.
     */
    record StepGradient(double[] dInput, double[] dHiddenPrev, double[] dCellPrev, double[] dCell,
                        double[] dPreInput, double[] dPreHidden) {}

    /**
     * Step t: from x_t and the state at t−1 to the state at t. {@code cellNudge}, when not null,
     * is added to c_t before h_t is computed from it (LSTM only; for finite differences of ∂L/∂c_t).
     */
    Step forward(double[] x, State previous, double[] cellNudge);

    /**
     * Back through {@code step}, given the total ∂L/∂h_t and the part of ∂L/∂c_t that arrives
     * through c_{t+1} ({@code dCellNext}, LSTM only). Adds this step's parameter gradients to
     * {@code grads}.
     */
    StepGradient backward(Step step, double[] dHidden, double[] dCellNext, LayerWeights grads);
}
