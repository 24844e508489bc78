package rnnlab.train;

import java.util.Locale;

/**
 * The learning rate as a function of the (0-based) optimiser step: the rate used by step
 * {@code s} is {@code at(s)}, as with a PyTorch scheduler stepped after each optimiser step.
 * Values are computed in double and rounded to float once.
 *
 * <p>Spec syntax ({@link #parse}), with the base rate and the total number of steps given apart:
 * <pre>
 *   constant                 the base rate throughout
 *   step:EVERY:GAMMA         multiplied by GAMMA every EVERY steps, e.g. step:1000:0.5
 *   cosine                   cosine from the base rate to 0 over the total steps
 *   cosine:MIN               the same down to MIN, e.g. cosine:1e-5
 *   SPEC,warmup:W            any of these after a linear warm-up of W steps, e.g. cosine,warmup:500
 * </pre>
 */
public sealed interface LearningRateSchedule {
    /** The accepted spec forms, for messages and help text. */
    String SYNTAX = "constant, step:EVERY:GAMMA (e.g. step:1000:0.5), cosine, cosine:MIN, each optionally followed by ,warmup:STEPS";

    /** The learning rate for 0-based step {@code step}. */
    float at(int step);

    /** The spec this schedule parses from (without the base rate and total steps). */
    String spec();

    /** The base rate throughout. */
    record Constant(float learningRate) implements LearningRateSchedule {
        public Constant {
            requirePositiveRate(learningRate);
        }

        @Override
        public float at(int step) {
            requireStep(step);
            return learningRate;
        }

        @Override
        public String spec() {
            return "constant";
        }
    }

    /** {@code lr·gamma^⌊step / every⌋}, PyTorch's StepLR. */
    record StepDecay(float learningRate, int every, double gamma) implements LearningRateSchedule {
        public StepDecay {
            requirePositiveRate(learningRate);
            if (every < 1) throw new IllegalArgumentException("step interval must be at least 1, got " + every);
            if (!(gamma > 0 && gamma < Double.POSITIVE_INFINITY))
                throw new IllegalArgumentException("gamma must be finite and above 0, got " + gamma);
        }

        @Override
        public float at(int step) {
            requireStep(step);
            return (float) (learningRate * Math.pow(gamma, step / every));
        }

        @Override
        public String spec() {
            return "step:" + every + ":" + gamma;
        }
    }

    /**
     * PyTorch's CosineAnnealingLR in closed form with {@code T_max = totalSteps}:
     * {@code min + (lr − min)·(1 + cos(π·step / totalSteps)) / 2}. Unlike PyTorch, which rises
     * again after {@code T_max}, the rate stays at {@code min} from step {@code totalSteps} on.
     */
    record Cosine(float learningRate, float minimum, int totalSteps) implements LearningRateSchedule {
        public Cosine {
            requirePositiveRate(learningRate);
            if (!(minimum >= 0 && minimum <= learningRate))
                throw new IllegalArgumentException("cosine minimum must be in [0, " + learningRate + "], got " + minimum);
            if (totalSteps < 1) throw new IllegalArgumentException("cosine needs the total number of steps, got " + totalSteps);
        }

        @Override
        public float at(int step) {
            requireStep(step);
            double progress = Math.min(step, totalSteps) / (double) totalSteps;
            return (float) (minimum + ((double) learningRate - minimum) * (1 + Math.cos(Math.PI * progress)) / 2);
        }

        @Override
        public String spec() {
            return minimum == 0 ? "cosine" : "cosine:" + minimum;
        }
    }

    /**
     * A linear warm-up of {@code steps} steps, then {@code after} started afresh: step
     * {@code s < steps} gets {@code after.at(0)·(s + 1)/steps} (so the first step is not wasted at
     * rate 0, and step {@code steps − 1} reaches the full rate), step {@code s ≥ steps} gets
     * {@code after.at(s − steps)}.
     */
    record Warmup(int steps, LearningRateSchedule after) implements LearningRateSchedule {
        public Warmup {
            if (steps < 1) throw new IllegalArgumentException("warm-up must last at least 1 step, got " + steps);
            if (after == null) throw new IllegalArgumentException("warm-up needs a schedule to follow");
        }

        @Override
        public float at(int step) {
            requireStep(step);
            if (step >= steps) return after.at(step - steps);
            return (float) ((double) after.at(0) * (step + 1) / steps);
        }

        @Override
        public String spec() {
            return after.spec() + ",warmup:" + steps;
        }
    }

    /** The base rate throughout. */
    static LearningRateSchedule constant(float learningRate) {
        return new Constant(learningRate);
    }

    /**
     * Parses {@code spec} (syntax in the type's documentation; case-insensitive, spaces ignored).
     *
     * @param learningRate the base rate (the rate at step 0, or at the end of the warm-up)
     * @param totalSteps the length of training in steps; cosine anneals over it (less the warm-up)
     * @throws IllegalArgumentException for an unknown form (the message lists {@link #SYNTAX}) or
     *     bad numbers
     */
    static LearningRateSchedule parse(String spec, float learningRate, int totalSteps) {
        String s = spec == null ? "" : spec.replace(" ", "").toLowerCase(Locale.ROOT);
        int comma = s.indexOf(',');
        if (comma < 0) return parseMain(spec, s, learningRate, totalSteps);
        String[] warmup = s.substring(comma + 1).split(":", -1);
        if (warmup.length != 2 || !warmup[0].equals("warmup")) throw unknown(spec);
        int warmupSteps = parseInt(spec, warmup[1]);
        return new Warmup(warmupSteps, parseMain(spec, s.substring(0, comma), learningRate, totalSteps - warmupSteps));
    }

    private static LearningRateSchedule parseMain(String spec, String s, float learningRate, int totalSteps) {
        String[] parts = s.split(":", -1);
        String form = parts[0] + "/" + parts.length;
        return switch (form) {
            case "constant/1" -> new Constant(learningRate);
            case "step/3" -> new StepDecay(learningRate, parseInt(spec, parts[1]), parseDouble(spec, parts[2]));
            case "cosine/1" -> new Cosine(learningRate, 0f, totalSteps);
            case "cosine/2" -> new Cosine(learningRate, (float) parseDouble(spec, parts[1]), totalSteps);
            default -> throw unknown(spec);
        };
    }

    private static int parseInt(String spec, String number) {
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule '" + spec + "': '" + number + "' is not an integer; use " + SYNTAX, e);
        }
    }

    private static double parseDouble(String spec, String number) {
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule '" + spec + "': '" + number + "' is not a number; use " + SYNTAX, e);
        }
    }

    private static IllegalArgumentException unknown(String spec) {
        return new IllegalArgumentException("unknown learning-rate schedule '" + spec + "': use " + SYNTAX);
    }

    private static void requireStep(int step) {
        if (step < 0) throw new IllegalArgumentException("steps count from 0, got " + step);
    }

    private static void requirePositiveRate(float learningRate) {
        if (!(learningRate > 0 && learningRate < Float.POSITIVE_INFINITY))
            throw new IllegalArgumentException("learning rate must be finite and above 0, got " + learningRate);
    }
}
