package rnnlab.train;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link TrainingRun} needs to continue exactly where it stood after a step, so that
 * the resumed run ends with the same weights, bit for bit, as one never interrupted.
 *
 * @param step training steps done
 * @param fingerprint the run's task and settings ({@link TrainingRun#fingerprint}): a checkpoint
 *     only resumes the run it came from
 * @param weights every parameter's values by PyTorch name, in the network's order
 * @param optimizer the optimiser's step count and buffers
 * @param dataRng the training-data generator's state ({@link rnnlab.math.Lxm#state()})
 * @param skippedUpdates updates skipped so far for a non-finite gradient
 * @param nonFiniteInARow steps in a row, up to this one, whose update was skipped
 * @param elapsedSeconds training time so far, so that the metrics' clock continues
 * @param history every step's record so far (the metrics)
 */
public record Checkpoint(int step, String fingerprint, Map<String, float[]> weights, OptimizerState optimizer,
                         long[] dataRng, long skippedUpdates, int nonFiniteInARow, double elapsedSeconds,
                         List<TrainingRun.StepRecord> history) {
    public Checkpoint {
        if (step < 0) throw new IllegalArgumentException("a checkpoint's step must not be negative, got " + step);
        if (history.size() != step)
            throw new IllegalArgumentException("a checkpoint at step " + step + " has " + history.size() + " metric rows");
        var copy = new LinkedHashMap<String, float[]>();
        weights.forEach((name, values) -> copy.put(name, values.clone()));
        weights = Collections.unmodifiableMap(copy);
        dataRng = dataRng.clone();
        history = List.copyOf(history);
    }

    @Override
    public long[] dataRng() {
        return dataRng.clone();
    }

    @Override
    public String toString() {
        return "Checkpoint[step=" + step + ", " + weights.size() + " weights, rng=" + Arrays.toString(dataRng) + "]";
    }
}
