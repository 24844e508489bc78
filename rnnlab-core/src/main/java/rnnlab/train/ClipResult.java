package rnnlab.train;

/**
 * What clipping saw and did, for the training log.
 *
 * @param normBefore global L2 norm of all gradients before clipping (double precision); NaN or
 *     infinite when a gradient was not finite
 * @param normAfter the same norm after clipping, measured again (equal to {@code normBefore} when
 *     nothing changed)
 * @param clipped whether any gradient was changed
 */
public record ClipResult(double normBefore, double normAfter, boolean clipped) {
    /** Whether the gradients were finite; when not, clipping left them untouched. */
    public boolean finite() {
        return Double.isFinite(normBefore);
    }
}
