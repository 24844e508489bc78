package rnnlab.reference;

import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Central differences in double precision and the error measure the gradient checks use.
 *
 * <p>The relative error is {@code |a − n| / max(|a| + |n|, FLOOR)}. Below {@code FLOOR} the
 * check turns absolute, {@code |a − n| ≤ TOLERANCE · FLOOR = 1e-9}: a tiny gradient cannot be
 * measured more precisely than the rounding of the loss allows.
 *
 * <p>The step balances the two errors of a central difference: truncation, about
 * STEP²·|L'''|/6, and the rounding of the loss, about ε·|L|/STEP; their sum is smallest near
 * ε^(1/3), about 1e-5. With STEP = 1e-6 the rounding alone reaches 1.7e-9 on these losses
 * (L is about 5 for cross-entropy at every step), a relative error of 1.5e-6; with 1e-5 the
 * worst relative error over the whole test matrix is 1.6e-7.
 */
final class FiniteDifferences {
    static final double STEP = 1e-5;
    static final double TOLERANCE = 1e-6;
    static final double FLOOR = 1e-3;

    private FiniteDifferences() {}

    /** {@code (f(+STEP) − f(−STEP)) / (2 STEP)}, where f maps a perturbation to the loss. */
    static double central(DoubleUnaryOperator lossAtPerturbation) {
        return (lossAtPerturbation.applyAsDouble(STEP) - lossAtPerturbation.applyAsDouble(-STEP)) / (2 * STEP);
    }

    /** Central difference of {@code loss} in {@code values[index]}, which is restored afterwards. */
    static double central(double[] values, int index, DoubleSupplier loss) {
        double saved = values[index];
        try {
            return central(delta -> {
                values[index] = saved + delta;
                return loss.getAsDouble();
            });
        } finally {
            values[index] = saved;
        }
    }

    static double relativeError(double analytic, double numeric) {
        return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic) + Math.abs(numeric), FLOOR);
    }

    static void assertClose(double analytic, double numeric, String what) {
        double error = relativeError(analytic, numeric);
        if (!(error <= TOLERANCE))
            fail(what + ": analytic " + analytic + ", finite difference " + numeric + ", relative error " + error);
    }
}
