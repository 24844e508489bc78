package rnnlab.train;

import java.util.List;
import java.util.Locale;
import rnnlab.nn.Parameter;

/**
 * Gradient clipping, applied to the accumulated gradients after the backward pass and
 * <em>before</em> {@link Optimizer#step} (clipping after the step is a common bug: it then
 * changes nothing). Every variant measures the global norm before and after, so that it can be
 * logged even when nothing is clipped.
 *
 * <p>Gradients that are not finite (a NaN or an infinity somewhere, so a non-finite norm) are
 * left untouched and reported through {@link ClipResult#finite()}: scaling them would only
 * spread the NaN and hide where it came from.
 *
 * <p>Specs ({@link #parse}): {@code none}, {@code norm:MAX} (e.g. {@code norm:1}),
 * {@code value:MAX} (e.g. {@code value:0.5}).
 */
public sealed interface Clipping {
    /** The accepted spec forms, for messages and help text. */
    String SYNTAX = "none, norm:MAX (e.g. norm:1) or value:MAX (e.g. value:0.5)";

    /** Clips the gradients of {@code params} in place and reports the norms. */
    ClipResult apply(List<Parameter> params);

    /** The spec this clipping parses from, e.g. {@code norm:1.0}. */
    String spec();

    /** No clipping; the norm is still measured. */
    static Clipping none() {
        return new None();
    }

    /** By global L2 norm, as {@code torch.nn.utils.clip_grad_norm_}. */
    static Clipping byNorm(double maxNorm) {
        return new ByNorm(maxNorm);
    }

    /** Each gradient element clamped to [−maxValue, maxValue], as {@code clip_grad_value_}. */
    static Clipping byValue(float maxValue) {
        return new ByValue(maxValue);
    }

    /**
     * The default, "clipping on" (references.md): by global norm at 1, the threshold of
     * Cooijmans et al. and of many LSTM set-ups.
     */
    static Clipping defaults() {
        return byNorm(1.0);
    }

    /**
     * Parses {@code none}, {@code norm:MAX} or {@code value:MAX} (case-insensitive).
     *
     * @throws IllegalArgumentException otherwise, naming the accepted forms
     */
    static Clipping parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("none")) return none();
        int colon = s.indexOf(':');
        if (colon > 0) {
            String kind = s.substring(0, colon);
            double max = parseThreshold(spec, s.substring(colon + 1));
            if (kind.equals("norm")) return byNorm(max);
            if (kind.equals("value")) return byValue((float) max);
        }
        throw new IllegalArgumentException("unknown clipping '" + spec + "': use " + SYNTAX);
    }

    private static double parseThreshold(String spec, String number) {
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("clipping '" + spec + "': '" + number + "' is not a number; use " + SYNTAX, e);
        }
    }

    /** The L2 norm of all gradients together, {@code sqrt(Σ g²)}, summed in double. */
    static double globalNorm(List<Parameter> params) {
        double sumOfSquares = 0;
        for (int i = 0; i < params.size(); i++)
            for (float g : params.get(i).grad()) sumOfSquares += (double) g * g;
        return Math.sqrt(sumOfSquares);
    }

    /** No clipping. */
    record None() implements Clipping {
        @Override
        public ClipResult apply(List<Parameter> params) {
            double norm = globalNorm(params);
            return new ClipResult(norm, norm, false);
        }

        @Override
        public String spec() {
            return "none";
        }
    }

    /**
     * Scales all gradients by {@code maxNorm / (norm + 1e-6)} when that factor is below 1, i.e.
     * when the global norm exceeds {@code maxNorm}; exactly torch's rule (clip coefficient clamped
     * at 1), so a norm within 1e-6 below {@code maxNorm} is scaled by a factor just under 1.
     */
    record ByNorm(double maxNorm) implements Clipping {
        public ByNorm {
            if (!(maxNorm > 0 && maxNorm < Double.POSITIVE_INFINITY))
                throw new IllegalArgumentException("maximum norm must be finite and above 0, got " + maxNorm);
        }

        @Override
        public ClipResult apply(List<Parameter> params) {
            double norm = globalNorm(params);
            double coefficient = maxNorm / (norm + 1e-6);
            if (!Double.isFinite(norm) || coefficient >= 1) return new ClipResult(norm, norm, false);
            scale(params, (float) coefficient);
            return new ClipResult(norm, globalNorm(params), true);
        }

        private static void scale(List<Parameter> params, float factor) {
            for (int i = 0; i < params.size(); i++) {
                float[] g = params.get(i).grad();
                for (int j = 0; j < g.length; j++) g[j] *= factor;
            }
        }

        @Override
        public String spec() {
            return "norm:" + maxNorm;
        }
    }

    /** Clamps each gradient element to [−maxValue, maxValue]. */
    record ByValue(float maxValue) implements Clipping {
        public ByValue {
            if (!(maxValue > 0 && maxValue < Float.POSITIVE_INFINITY))
                throw new IllegalArgumentException("maximum value must be finite and above 0, got " + maxValue);
        }

        @Override
        public ClipResult apply(List<Parameter> params) {
            double norm = globalNorm(params);
            if (!Double.isFinite(norm)) return new ClipResult(norm, norm, false);
            boolean clipped = false;
            for (int i = 0; i < params.size(); i++) clipped |= clamp(params.get(i).grad(), maxValue);
            return new ClipResult(norm, clipped ? globalNorm(params) : norm, clipped);
        }

        /** Clamps in place; returns whether any element changed. */
        private static boolean clamp(float[] g, float max) {
            boolean changed = false;
            for (int j = 0; j < g.length; j++) {
                if (g[j] > max) {
                    g[j] = max;
                    changed = true;
                } else if (g[j] < -max) {
                    g[j] = -max;
                    changed = true;
                }
            }
            return changed;
        }

        @Override
        public String spec() {
            return "value:" + maxValue;
        }
    }
}
