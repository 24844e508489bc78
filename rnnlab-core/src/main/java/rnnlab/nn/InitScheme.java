package rnnlab.nn;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How {@link Initialization} draws the weights, before its options (recurrent scale, forget
 * bias, chrono) are applied on top. H is the hidden size, I_l the input width of layer l, O the
 * output size; "per gate block" means each H-row block of a stacked [G·H, ·] matrix on its own.
 */
public enum InitScheme {
    /**
     * PyTorch's default for nn.RNN/LSTM/GRU: every parameter, biases included, from U(−1/√H, 1/√H);
     * the readout likewise (nn.Linear with fan-in H gives the same bound).
     */
    PYTORCH("pytorch"),
    /**
     * Glorot uniform per gate block: U(±√(6/(fan_in + H))) with fan_in = I_l for weight_ih and H
     * for weight_hh (not PyTorch's xavier_uniform_ on the stacked matrix, whose fan-out is G·H);
     * readout U(±√(6/(H + O))); biases 0.
     */
    XAVIER("xavier"),
    /**
     * Each H×H gate block of weight_hh an orthogonal matrix (Gram–Schmidt QR of a Gaussian matrix,
     * in double, R's diagonal positive, so Haar-distributed as torch's orthogonal_); weight_ih and
     * the readout as {@link #XAVIER}; biases 0.
     */
    ORTHOGONAL("orthogonal"),
    /**
     * IRNN (Le, Jaitly, Hinton 2015): each gate block of weight_hh the identity, the non-recurrent
     * weights (weight_ih and the readout) from N(0, 0.001²), biases 0.
     */
    IDENTITY("identity");

    private final String cliName;

    InitScheme(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in files. */
    public String cliName() {
        return cliName;
    }

    /**
     * Parses {@link #cliName()} (case-insensitive).
     *
     * @throws IllegalArgumentException for another name, listing the accepted ones
     */
    public static InitScheme parse(String name) {
        for (InitScheme s : values())
            if (s.cliName.equalsIgnoreCase(name == null ? "" : name.trim())) return s;
        throw new IllegalArgumentException("unknown initialisation '" + name + "': use one of " + names());
    }

    /** The accepted names, comma-separated: pytorch, xavier, orthogonal, identity. */
    public static String names() {
        return Arrays.stream(values()).map(InitScheme::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
