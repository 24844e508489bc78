package rnnlab.math;

import java.util.Locale;

/**
 * How a recurrent layer multiplies by its recurrent weights at every time step: by
 * {@link Blas#gemm} ({@link #GEMM}), or by Vector API kernels on weights packed once per pass
 * ({@link #VECTOR}, 1.2–1.7× OpenBLAS at 16–32 rows). {@link #best()} is the default.
 */
public enum FixedProducts {
    /** Each product by {@link Blas#gemm}: the rounding of the BLAS, which packs B at every call. */
    GEMM,
    /**
     * Pure-Java kernels (jdk.incubator.vector) on a packed copy; needs the JVM option
     * {@code --add-modules jdk.incubator.vector}, which the {@code rnnlab} script passes.
     */
    VECTOR;

    /** System property: {@code auto} (default: VECTOR when the JVM has the module), {@code vector} or {@code gemm}. */
    public static final String PROPERTY = "rnnlab.products";

    private static final String MODULE = "jdk.incubator.vector";

    /** Whether this JVM can run {@link #VECTOR} (it was started with {@code --add-modules jdk.incubator.vector}). */
    public static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /**
     * The choice of {@value #PROPERTY}: with {@code auto} (or unset), VECTOR if available, else GEMM.
     *
     * @throws IllegalArgumentException for another value, or {@code vector} where the module is missing
     */
    public static FixedProducts best() {
        String p = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "auto", "" -> vectorAvailable() ? VECTOR : GEMM;
            case "gemm" -> GEMM;
            case "vector" -> VECTOR.requireAvailable();
            default -> throw new IllegalArgumentException("unknown " + PROPERTY + " value '" + p + "'; accepted: auto, vector, gemm");
        };
    }

    private FixedProducts requireAvailable() {
        if (this == VECTOR && !vectorAvailable()) {
            throw new IllegalArgumentException("vector products need the JVM option --add-modules " + MODULE
                    + " (the rnnlab script passes it); or use -D" + PROPERTY + "=gemm");
        }
        return this;
    }

    /**
     * op(B) ([k × n]: B is n × k when transB, else k × n, rows ldb apart) prepared for products
     * {@code C += A·op(B)}: with {@code blas} for GEMM, packed for VECTOR. Reuses the storage of
     * {@code reuse} (a previous result, or null) when the size allows, so a pass allocates nothing.
     *
     * @throws IllegalArgumentException for VECTOR where the module is missing, or if B lies outside b
     */
    public FixedMatrix fix(Blas blas, boolean transB, int k, int n, float[] b, int bOff, int ldb, FixedMatrix reuse) {
        if (k < 0 || n < 0) throw new IllegalArgumentException("negative dimension: k=" + k + ", n=" + n);
        GemmSupport.matrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        return switch (requireAvailable()) {
            case GEMM -> GemmFixedMatrix.of(blas, transB, k, n, b, bOff, ldb, reuse);
            case VECTOR -> VectorFixedMatrix.of(transB, k, n, b, bOff, ldb, reuse);
        };
    }

    /** For reports: "gemm", or "vector (512-bit)". */
    public String describe() {
        return this == GEMM ? "gemm" : "vector (" + VectorFixedMatrix.bits() + "-bit)";
    }
}
