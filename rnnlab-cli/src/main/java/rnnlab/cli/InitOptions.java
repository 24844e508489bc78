package rnnlab.cli;

import picocli.CommandLine.Option;
import rnnlab.nn.InitScheme;
import rnnlab.nn.Initialization;

/** The flags that say how the weights start, shared by every command that builds networks. */
final class InitOptions {
    @Option(names = "--init", defaultValue = "pytorch",
            description = "Weight initialisation: pytorch (uniform ±1/√H), xavier, orthogonal or identity (IRNN) (default: ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--forget-bias", defaultValue = "1",
            description = "LSTM forget-gate bias, the sum bias_ih + bias_hh of the f block (default: ${DEFAULT-VALUE}).")
    float forgetBias;

    @Option(names = "--chrono", paramLabel = "TMAX",
            description = "LSTM chrono initialisation (Tallec & Ollivier 2018): b_f ~ log U[1, TMAX-1], b_i = -b_f. Replaces --forget-bias.")
    Integer chrono;

    @Option(names = "--recurrent-scale", defaultValue = "1",
            description = "Multiply every recurrent weight matrix by this after initialisation; with --init orthogonal it is σmax(W), "
                    + "so 0.9, 1 and 1.1 put the RNN below, at and above the vanishing/exploding boundary (default: ${DEFAULT-VALUE}).")
    float recurrentScale;

    /** The initialisation these flags describe; IllegalArgumentException names a bad value. */
    Initialization initialization() {
        return new Initialization(InitScheme.parse(scheme), recurrentScale,
                chrono == null ? forgetBias : null, chrono == null ? 0 : chrono);
    }
}
