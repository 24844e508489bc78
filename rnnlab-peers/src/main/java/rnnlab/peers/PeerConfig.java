package rnnlab.peers;

import java.util.List;
import java.util.Map;

/**
 * One shape as {@code rnnlab bench} measures it: I inputs, H hidden units, B sequences of T steps,
 * and O classes of the per-step softmax cross-entropy. The same defaults as rnnlab's
 * {@code BenchConfig} (this module does not depend on the CLI): the speed issue's six shapes,
 * O = 10, and 65 for the char LM.
 */
record PeerConfig(String task, int inputs, int hidden, int batch, int steps, int outputs) {
    static final List<PeerConfig> DEFAULTS = List.of(
            new PeerConfig("adding", 2, 128, 32, 100, 10),
            new PeerConfig("", 10, 128, 64, 200, 10),
            new PeerConfig("char LM", 65, 256, 32, 100, 65),
            new PeerConfig("pixel MNIST", 1, 128, 64, 784, 10),
            new PeerConfig("", 256, 512, 64, 50, 10),
            new PeerConfig("row MNIST", 28, 128, 128, 28, 10));

    PeerConfig {
        if (inputs < 1 || hidden < 1 || batch < 1 || steps < 1 || outputs < 2)
            throw new IllegalArgumentException("bad configuration: I, H, B, T at least 1, O at least 2");
    }

    /** {@code I,H,B,T} or {@code I,H,B,T,O}; a default shape keeps its task and O. */
    static PeerConfig parse(String spec) {
        String[] parts = spec.trim().split("\\s*,\\s*");
        if (parts.length != 4 && parts.length != 5)
            throw new IllegalArgumentException("bad --config '" + spec + "': expected I,H,B,T or I,H,B,T,O");
        int[] v = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad --config '" + spec + "': expected I,H,B,T or I,H,B,T,O");
            }
        }
        PeerConfig known = DEFAULTS.stream()
                .filter(c -> c.inputs == v[0] && c.hidden == v[1] && c.batch == v[2] && c.steps == v[3])
                .findFirst().orElse(null);
        int outputs = v.length == 5 ? v[4] : known != null ? known.outputs : 10;
        return new PeerConfig(known != null ? known.task : "", v[0], v[1], v[2], v[3], outputs);
    }

    String shape() {
        return inputs + "," + hidden + "," + batch + "," + steps;
    }

    /** The fields rnnlab's bench JSON gives a row's cell and shape, in its order. */
    void describe(Map<String, Object> m) {
        m.put("task", task);
        m.put("inputs", inputs);
        m.put("hidden", hidden);
        m.put("batch", batch);
        m.put("steps", steps);
        m.put("outputs", outputs);
    }
}
