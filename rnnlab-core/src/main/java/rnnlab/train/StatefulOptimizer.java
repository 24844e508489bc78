package rnnlab.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rnnlab.nn.Parameter;

/**
 * What every optimiser shares: a step counter and, per parameter, a fixed set of buffers of the
 * parameter's size, allocated on the first step and bound by name, so that
 * {@link #state()}/{@link #restore} work across processes. Subclasses write one update rule.
 */
abstract sealed class StatefulOptimizer implements Optimizer permits Sgd, Adam, RmsProp {
    private final String name;
    private final List<String> bufferNames;
    /** By parameter name, in the order of the first step: deterministic iteration for state(). */
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private long steps;

    /** One parameter's buffers; {@code owner} is null after a restore until the next step binds it. */
    private static final class Slot {
        Parameter owner;
        final float[][] buffers;
        boolean fresh;

        Slot(Parameter owner, float[][] buffers, boolean fresh) {
            this.owner = owner;
            this.buffers = buffers;
            this.fresh = fresh;
        }
    }

    StatefulOptimizer(String name, List<String> bufferNames) {
        this.name = name;
        this.bufferNames = List.copyOf(bufferNames);
    }

    /**
     * Updates one parameter in place.
     *
     * @param value the parameter, modified
     * @param grad its gradient, read only
     * @param buffers this parameter's buffers, in the order of the constructor's names
     * @param step 1 on the first step
     * @param first whether these buffers have never been updated (PyTorch's "buffer is None")
     */
    abstract void update(float[] value, float[] grad, float[][] buffers, float learningRate, long step, boolean first);

    @Override
    public final void step(List<Parameter> params, float learningRate) {
        if (!Float.isFinite(learningRate) || learningRate < 0)
            throw new IllegalArgumentException("learning rate must be finite and at least 0, got " + learningRate);
        // Bind every parameter before touching any, so that a mismatch leaves all of them unchanged.
        for (int i = 0; i < params.size(); i++) bind(params.get(i));
        steps++;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            Slot slot = slots.get(p.name());
            update(p.value(), p.grad(), slot.buffers, learningRate, steps, slot.fresh);
            slot.fresh = false;
        }
    }

    private void bind(Parameter p) {
        Slot slot = slots.get(p.name());
        if (slot == null) {
            if (steps > 0 && !bufferNames.isEmpty())
                throw new IllegalStateException("parameter " + p.name() + " first seen at step " + (steps + 1)
                        + ": the optimizer keeps state for the parameters of its first step only");
            slots.put(p.name(), new Slot(p, new float[bufferNames.size()][p.size()], true));
        } else if (slot.owner == null) {
            for (float[] buffer : slot.buffers)
                if (buffer.length != p.size())
                    throw new IllegalArgumentException("restored state for " + p.name() + " has " + buffer.length
                            + " values, the parameter " + p.size());
            slot.owner = p;
        } else if (slot.owner != p) {
            throw new IllegalArgumentException("two different parameters are named " + p.name()
                    + " (or the optimizer was given another network's parameters)");
        }
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final OptimizerState state() {
        var buffers = new LinkedHashMap<String, float[]>();
        slots.forEach((param, slot) -> {
            for (int b = 0; b < bufferNames.size(); b++) buffers.put(param + "." + bufferNames.get(b), slot.buffers[b]);
        });
        return new OptimizerState(steps, buffers); // the record copies the arrays
    }

    @Override
    public final void restore(OptimizerState state) {
        var restored = new LinkedHashMap<String, float[][]>();
        state.buffers().forEach((key, values) -> {
            int dot = key.lastIndexOf('.');
            int b = dot < 0 ? -1 : bufferNames.indexOf(key.substring(dot + 1));
            if (b < 0)
                throw new IllegalArgumentException("'" + key + "' is not a buffer of " + name + " (its buffers: " + bufferNames + ")");
            restored.computeIfAbsent(key.substring(0, dot), k -> new float[bufferNames.size()][])[b] = values.clone();
        });
        restored.forEach((param, buffers) -> {
            for (int b = 0; b < buffers.length; b++)
                if (buffers[b] == null)
                    throw new IllegalArgumentException("state lacks " + param + "." + bufferNames.get(b));
        });
        slots.clear();
        restored.forEach((param, buffers) -> slots.put(param, new Slot(null, buffers, false)));
        steps = state.step();
    }

    @Override
    public String toString() {
        return name + " after " + steps + " steps";
    }
}
