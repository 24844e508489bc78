package rnnlab.math;

import java.util.Locale;

/**
 * How a recurrent layer multiplies by its recurrent weights at every time step: by
 * {@link Blas#gemm} ({@link #GEMM}), by Vector API kernels on weights packed once per pass
 * ({@link #VECTOR}), or by whichever of the two is faster for the BLAS and the rows of the
 * products ({@link #AUTO}, the default). The BLAS packs B at every call, which costs as much as the
 * multiplications at 16 rows; the kernels, on B packed once, ran 1.4–2× OpenBLAS there on one
 * core. In training on both cores (512-bit vectors), the kernels took 0.89–0.95 of the BLAS's step time at
 * 32 rows per shard (LSTM, GRU; RNN 0.94–1.08), and 1.0–1.1 at 64 at H = 128, where OpenBLAS's
 * packing pays off (docs/bench/2026-11-22-aligned-panels.txt).
 */
public enum FixedProducts {
    /** Each product by {@link Blas#gemm}: the rounding of the BLAS. */
    GEMM,
    /**
     * Pure-Java kernels (jdk.incubator.vector) on a packed copy; needs the JVM option
     * {@code --add-modules jdk.incubator.vector}, which the {@code rnnlab} script passes, and a CPU
     * with 256-bit vectors and fused multiply-add ({@link #vectorAvailable()}).
     */
    VECTOR,
    /**
     * Where {@link #vectorAvailable()}: VECTOR for products of at most {@link #vectorMaxRows()} rows,
     * and for any number of rows when the BLAS is {@link JavaBlas} (which packs B too, and runs
     * at a quarter of the kernels' speed); else GEMM.
     */
    AUTO;

    /** System property: {@code auto} (default), {@code vector} or {@code gemm}. */
    public static final String PROPERTY = "rnnlab.products";

    /**
     * How many rows per product {@link #AUTO} takes the vector kernels up to: 32 with 512-bit
     * vectors (measured against OpenBLAS, see the class comment), 16 with 256-bit ones. With
     * -XX:UseAVX=2 on the AVX-512 machine the kernels took 1.05–1.24 of OpenBLAS's step time at 32
     * rows (OpenBLAS kept its AVX-512 kernels there) and 0.76–0.88 at 16. On an AVX2 machine (Zen 3,
     * OpenBLAS 0.3.21) the kernels took 1.04 of OpenBLAS's step time at 32 and 64 rows (LSTM, H = 128)
     * and 0.97–1.00 at H = 512 (docs/bench/2026-11-23-session13.txt): the bound stays at 16 there.
     */
    public static int vectorMaxRows() {
        return vectorAvailable() && VectorFixedMatrix.bits() >= 512 ? 32 : 16;
    }

    private static final String MODULE = "jdk.incubator.vector";

    /**
     * Whether this JVM runs {@link #VECTOR} as vector code: it was started with {@code --add-modules
     * jdk.incubator.vector}, and the CPU has vectors of 256 bits or more with fused multiply-add.
     */
    public static boolean vectorAvailable() {
        return vectorUnavailableReason() == null;
    }

    /** Null if {@link #vectorAvailable()}, else why not. */
    public static String vectorUnavailableReason() {
        return Holder.REASON;
    }

    private static final class Holder { // computed once; loads the kernel class only where the module is
        static final String REASON = ModuleLayer.boot().findModule(MODULE).isEmpty()
                ? "the JVM option --add-modules " + MODULE + " is missing (the rnnlab script passes it)"
                : VectorFixedMatrix.unsupportedReason();
    }

    /**
     * The choice of {@value #PROPERTY} (unset: AUTO).
     *
     * @throws IllegalArgumentException for another value, or {@code vector} where {@link #vectorAvailable()} is false
     */
    public static FixedProducts best() {
        String p = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "auto", "" -> AUTO;
            case "gemm" -> GEMM;
            case "vector" -> VECTOR.requireAvailable();
            default -> throw new IllegalArgumentException("unknown " + PROPERTY + " value '" + p + "'; accepted: auto, vector, gemm");
        };
    }

    /** GEMM or VECTOR: what this choice does for products of {@code rows} rows beside {@code blas}. */
    public FixedProducts resolve(Blas blas, int rows) {
        if (this != AUTO) return this;
        return vectorAvailable() && (rows <= vectorMaxRows() || blas instanceof JavaBlas) ? VECTOR : GEMM;
    }

    /**
     * This choice, checked: VECTOR where {@link #vectorAvailable()} is false is refused.
     *
     * @throws IllegalArgumentException naming the reason and the way out
     */
    public FixedProducts requireAvailable() {
        if (this == VECTOR && !vectorAvailable()) {
            throw new IllegalArgumentException("vector products cannot run here: " + vectorUnavailableReason()
                    + "; use -D" + PROPERTY + "=gemm or auto");
        }
        return this;
    }

    /**
     * op(B) ([k × n]: B is n × k when transB, else k × n, rows ldb apart) prepared for products
     * {@code C += A·op(B)} of at most {@code rows} rows (by which AUTO chooses): with {@code blas}
     * for GEMM, packed for VECTOR. Reuses the storage of {@code reuse} (a previous result, or
     * null; it must not be used afterwards) when the size allows, so a pass allocates nothing.
     *
     * @throws IllegalArgumentException for VECTOR where {@link #vectorAvailable()} is false, or if B lies outside b
     */
    public FixedMatrix fix(Blas blas, int rows, boolean transB, int k, int n, float[] b, int bOff, int ldb, FixedMatrix reuse) {
        if (k < 0 || n < 0) throw new IllegalArgumentException("negative dimension: k=" + k + ", n=" + n);
        GemmSupport.matrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        return switch (resolve(blas, rows).requireAvailable()) {
            case GEMM, AUTO -> GemmFixedMatrix.of(blas, transB, k, n, b, bOff, ldb, reuse);
            case VECTOR -> VectorFixedMatrix.of(transB, k, n, b, bOff, ldb, reuse);
        };
    }

    /** For reports: "gemm", "vector (512-bit)", or what AUTO does here. */
    public String describe() {
        return switch (this) {
            case GEMM -> "gemm";
            case VECTOR -> "vector (" + VectorFixedMatrix.bits() + "-bit)";
            case AUTO -> vectorAvailable()
                    ? "auto: " + VECTOR.describe() + " up to " + vectorMaxRows() + " rows (any with the Java BLAS), else gemm"
                    : "auto: gemm (" + vectorUnavailableReason() + ")";
        };
    }
}
