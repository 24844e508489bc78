package rnnlab.cli;

import picocli.CommandLine.Option;
import rnnlab.math.Blas;
import rnnlab.math.BlasProvider;

/** The --blas flag, shared by every command that computes. */
final class BlasOption {
    @Option(names = "--blas", defaultValue = "auto",
            description = "Matrix products: auto (system OpenBLAS, then bundled, then Java), system, bundled, openblas or java (default: ${DEFAULT-VALUE}).")
    String name;

    /** The implementation asked for; a usage error names the choices. */
    Blas create() {
        try {
            return BlasProvider.create(name);
        } catch (IllegalStateException e) {
            throw new Main.UsageException("--blas " + name + " is not available here: " + e.getMessage()
                    + "; use --blas auto or java");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --blas '" + name + "': use auto, system, bundled, openblas or java");
        }
    }
}
