package rnnlab.tasks;

import java.util.Locale;

/**
 * A task's judgement of a trained network by its own criterion of success.
 *
 * @param solved whether the criterion is met
 * @param judged how many items (sequences, test streams, or test images) the criterion was applied
 *     to one by one; 0 when it applies to the pooled metric
 * @param correct how many of the judged items met it
 * @param criterion the criterion in words, e.g. {@code every sequence's |error| < 0.04}
 */
public record Verdict(boolean solved, long judged, long correct, String criterion) {
    private static final String NO_CRITERION = "no criterion of success";

    public Verdict {
        if (judged < 0 || correct < 0 || correct > judged)
            throw new IllegalArgumentException("a verdict needs 0 ≤ correct ≤ judged, got " + correct + " of " + judged);
    }

    /** A criterion on the pooled metric (no item-by-item count). */
    public static Verdict onMetric(boolean solved, String criterion) {
        return new Verdict(solved, 0, 0, criterion);
    }

    /** A criterion that every judged item must meet. */
    public static Verdict everyItem(long judged, long correct, String criterion) {
        return new Verdict(judged > 0 && correct == judged, judged, correct, criterion);
    }

    /**
     * A criterion on the fraction of items right (a test accuracy): solved when
     * correct / judged ≥ {@code needed}.
     */
    public static Verdict atLeast(double needed, long judged, long correct, String criterion) {
        return new Verdict(judged > 0 && (double) correct / judged >= needed, judged, correct, criterion);
    }

    /**
     * For a task with no criterion of success that still counts its items right (a test accuracy
     * with nothing but the baseline to compare it with); never solved.
     */
    public static Verdict counted(long judged, long correct, String advice) {
        return new Verdict(false, judged, correct, NO_CRITERION + ": " + advice);
    }

    /** For a task with no criterion of success (never solved); {@code advice} says what to look at instead. */
    public static Verdict none(String advice) {
        return new Verdict(false, 0, 0, NO_CRITERION + ": " + advice);
    }

    /** Whether the task has a criterion of success at all. */
    public boolean hasCriterion() {
        return !criterion.startsWith(NO_CRITERION);
    }

    /** One line, e.g. {@code not solved: 1017 of 1024 (every sequence's |error| < 0.04)}. */
    public String summary() {
        if (!hasCriterion()) return criterion;
        String head = solved ? "solved" : "not solved";
        if (judged == 0) return head + " (" + criterion + ")";
        return String.format(Locale.ROOT, "%s: %,d of %,d (%s)", head, correct, judged, criterion);
    }
}
