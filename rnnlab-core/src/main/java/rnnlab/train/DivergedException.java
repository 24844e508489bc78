package rnnlab.train;

/**
 * A run stopped because too many steps in a row had a non-finite loss or gradient: the weights
 * are those of the last good step (no non-finite update was ever applied).
 */
public final class DivergedException extends RuntimeException {
    private final int step;

    DivergedException(int step, int inARow) {
        super("training diverged: " + inARow + " steps in a row up to step " + step
                + " had a non-finite loss or gradient; lower the learning rate (--lr) or clip the gradient (--clip-norm)");
        this.step = step;
    }

    /** The step at which the run stopped. */
    public int step() {
        return step;
    }
}
