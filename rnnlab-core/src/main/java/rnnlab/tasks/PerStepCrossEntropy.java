package rnnlab.tasks;

import rnnlab.nn.Evaluation;

/**
 * A task judged, between its verdicts, by its cross-entropy per scored step in nats (lower is
 * better): the copy tasks and the 1997 long-lag task, whose accuracy hides the one step that matters.
 */
interface PerStepCrossEntropy extends Task {
    /** Cross-entropy per scored step in nats. */
    @Override
    default double metric(Evaluation evaluation) {
        return evaluation.meanStepLoss();
    }

    @Override
    default String metricName() {
        return "cross-entropy (nats/step)";
    }

    @Override
    default boolean higherIsBetter() {
        return false;
    }
}
