package rnnlab.cli.bench;

import java.util.List;
import java.util.Locale;
import rnnlab.nn.CellType;

/**
 * One benchmark shape: {@code inputs} I, {@code hidden} H, {@code batch} B, {@code steps} T, and
 * {@code outputs} O, the width of the linear head whose softmax cross-entropy is taken at every
 * step. {@code task} names the workload the shape stands for (empty when it has none).
 */
public record BenchConfig(String task, int inputs, int hidden, int batch, int steps, int outputs) {
    /** The head's width when the configuration does not say: ten classes (the MNIST configurations). */
    public static final int DEFAULT_OUTPUTS = 10;

    /** The six shapes of the speed issue; the char LM predicts its 65-symbol vocabulary. */
    public static final List<BenchConfig> DEFAULTS = List.of(
            new BenchConfig("adding", 2, 128, 32, 100, DEFAULT_OUTPUTS),
            new BenchConfig("", 10, 128, 64, 200, DEFAULT_OUTPUTS),
            new BenchConfig("char LM", 65, 256, 32, 100, 65),
            new BenchConfig("pixel MNIST", 1, 128, 64, 784, DEFAULT_OUTPUTS),
            new BenchConfig("", 256, 512, 64, 50, DEFAULT_OUTPUTS),
            new BenchConfig("row MNIST", 28, 128, 128, 28, DEFAULT_OUTPUTS));

    private static final String SYNTAX = "expected I,H,B,T or I,H,B,T,O (positive integers), e.g. 2,128,32,100";

    public BenchConfig {
        if (inputs < 1 || hidden < 1 || batch < 1 || steps < 1 || outputs < 2)
            throw new IllegalArgumentException("bad configuration " + inputs + "," + hidden + "," + batch + "," + steps
                    + "," + outputs + ": I, H, B, T must be at least 1 and O at least 2");
    }

    /**
     * Parses {@code I,H,B,T} or {@code I,H,B,T,O}. A shape of {@link #DEFAULTS} keeps its task name
     * and, unless O is given, its head width; any other gets O = {@value #DEFAULT_OUTPUTS}.
     *
     * @throws IllegalArgumentException naming the flag and the expected form
     */
    public static BenchConfig parse(String spec) {
        String[] parts = spec.trim().split("\\s*,\\s*");
        if (parts.length != 4 && parts.length != 5) throw bad(spec);
        int[] v = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw bad(spec);
            }
            if (v[i] < 1 || (i == 4 && v[i] < 2)) throw bad(spec);
        }
        BenchConfig known = DEFAULTS.stream()
                .filter(c -> c.inputs == v[0] && c.hidden == v[1] && c.batch == v[2] && c.steps == v[3])
                .findFirst().orElse(null);
        int outputs = v.length == 5 ? v[4] : known != null ? known.outputs : DEFAULT_OUTPUTS;
        return new BenchConfig(known != null ? known.task : "", v[0], v[1], v[2], v[3], outputs);
    }

    private static IllegalArgumentException bad(String spec) {
        return new IllegalArgumentException("bad --config '" + spec + "': " + SYNTAX + " (O at least 2)");
    }

    /** "I,H,B,T", as the issue writes the shapes. */
    public String shape() {
        return inputs + "," + hidden + "," + batch + "," + steps;
    }

    /** The shape and, when known, its task: "2,128,32,100 adding". */
    public String label() {
        return task.isEmpty() ? shape() : shape() + " " + task;
    }

    /** B·T: the time steps of one batch. */
    public long timeSteps() {
        return (long) batch * steps;
    }

    /**
     * The FLOP count of one forward pass: {@code 2·B·g·H·(I+H)} per step, g the cell's
     * gate blocks, times T (the two recurrent-layer products only; head and elementwise work excluded).
     */
    public double forwardFlops(CellType cell) {
        return 2.0 * batch * cell.gates() * hidden * (inputs + hidden) * steps;
    }

    /** A training step by the rule: three times the forward pass. */
    public double trainingFlops(CellType cell) {
        return 3 * forwardFlops(cell);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s O=%d", label(), outputs);
    }
}
