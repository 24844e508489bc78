package rnnlab.cli;

import picocli.CommandLine;
import rnnlab.math.Blas;

/** Versions of rnnlab, the JVM and the matrix-product library, for --version and run.json. */
final class Versions implements CommandLine.IVersionProvider {

    static String rnnlab() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static String java() {
        return Runtime.version().toString() + " (" + System.getProperty("java.vendor") + ")";
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "rnnlab " + rnnlab(),
            "java " + java(),
            "blas " + Blas.get().name()
        };
    }
}
