package rnnlab.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimiser's state, for checkpoints: the number of steps taken (Adam's bias correction
 * depends on it) and each buffer by name, {@code "<parameter>.<buffer>"}, e.g.
 * {@code "weight_hh_l0.exp_avg"}. The map keeps the optimiser's order (parameters in the order of
 * the first step, buffers in a fixed order), so serialising it is deterministic.
 *
 * @param step number of {@link Optimizer#step} calls so far
 * @param buffers unmodifiable; the arrays are copies owned by this record
 */
public record OptimizerState(long step, Map<String, float[]> buffers) {
    public OptimizerState {
        if (step < 0) throw new IllegalArgumentException("step count must not be negative, got " + step);
        var copy = new LinkedHashMap<String, float[]>();
        buffers.forEach((name, values) -> copy.put(name, values.clone()));
        buffers = Collections.unmodifiableMap(copy);
    }
}
